/**
 * The AWS provider versions a stack admits (`terraform.required_providers.aws.version`). A provider binding pins the
 * version it was generated from (@cdktf/provider-aws 20.1.0 pins 5.100.0, 21.22.1 pins 6.25.0), and native mode
 * needs 6.28 or later (6.29 with blob mounting): left alone, `terraform validate` refuses CREATE_ON_PUSH in every
 * user stack. So each instance states the oldest version it needs, and at synth the stack's constraint is raised
 * where it admits anything older, whichever instance or binding set it; a constraint the user wrote is not
 * overwritten but refused, with the fix.
 */
import { Annotations, type IAspect, Aspects, TerraformProvider, TerraformStack } from "./framework";
import type { IConstruct } from "constructs";

const PATH = "terraform.required_providers.aws.version";
/** Every AWS provider major version these stacks know; 7.x may change any resource. */
const NEXT_MAJOR = "7.0.0";

type Version = readonly [number, number, number];
const parse = (text: string): Version | undefined => {
  const m = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?$/.exec(text.trim());
  return m ? [Number(m[1]), Number(m[2] ?? 0), Number(m[3] ?? 0)] : undefined;
};
const compare = (a: Version, b: Version): number => a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
const show = (v: Version) => v.join(".");

/** Whether `version` meets a Terraform version constraint ("6.25.0", ">= 5.100.0, < 7.0.0", "~> 6.28"); undefined if unreadable. */
export function admits(constraint: string, version: string): boolean | undefined {
  const v = parse(version);
  if (!v) return undefined;
  let verdict = true;
  for (const clause of constraint.split(",")) {
    const m = /^\s*(>=|<=|!=|~>|=|>|<)?\s*(\S+)\s*$/.exec(clause);
    const bound = m ? parse(m[2]) : undefined;
    if (!m || !bound) return undefined;
    const c = compare(v, bound);
    const op = m[1] ?? "=";
    const parts = m[2].replace(/^v/, "").split(".").length;
    // "~> 6.28" allows 6.28 and later 6.x; "~> 6.28.1" allows 6.28.x from 6.28.1.
    const pessimistic = () => c >= 0 && (parts >= 3 ? v[0] === bound[0] && v[1] === bound[1] : v[0] === bound[0]);
    const ok: boolean = { ">=": c >= 0, "<=": c <= 0, "!=": c !== 0, "=": c === 0, ">": c > 0, "<": c < 0, "~>": pessimistic() }[op as ">="];
    verdict &&= ok;
  }
  return verdict;
}

/**
 * Whether `constraint` lets Terraform pick a version older than `minimum`: probed at every release line below it
 * back to 5.0 and at the versions the constraint names, which is where a constraint's bounds can fall.
 */
export function admitsOlderThan(constraint: string, minimum: string): boolean {
  const min = parse(minimum)!;
  const named = [...constraint.matchAll(/\d+(?:\.\d+){0,2}/g)].map((m) => parse(m[0])!).filter((v) => compare(v, min) < 0);
  const lines: Version[] = [];
  for (let major = 5; major <= min[0]; major++) for (let minor = 0; minor <= (major < min[0] ? 100 : min[1]); minor++) lines.push([major, minor, 0], [major, minor, 99]);
  return [...named, ...lines].filter((v) => compare(v, min) < 0).some((v) => admits(constraint, show(v)) !== false);
}

/** The oldest AWS provider version something needs, and what needs it (for the message). */
export interface Minimum {
  readonly version: string;
  readonly needs: string;
}

interface StackState {
  /** The oldest version each instance needs and what needs it, by construct path. */
  readonly minimums: Map<string, Minimum>;
  /** The constraint this module last wrote, to tell it from one the user wrote. */
  written?: string;
}
const states = new WeakMap<TerraformStack, StackState>();

function stateOf(stack: TerraformStack): StackState {
  let state = states.get(stack);
  if (!state) {
    state = { minimums: new Map() };
    states.set(stack, state);
    Aspects.of(stack).add(new RaiseConstraint(stack, state));
  }
  return state;
}

/** Sets the stack's constraint now (a stack of ours admitting 5.100 to 6.x); instances may still raise it at synth. */
export function admitAwsProviders(stack: TerraformStack, constraint: string): void {
  const state = stateOf(stack);
  stack.addOverride(PATH, constraint);
  state.written = constraint;
}

/** Records that `scope` needs AWS provider `minimum` or later; its stack's constraint is raised at synth if need be. */
export function requireAwsProvider(scope: IConstruct, minimum: Minimum): void {
  stateOf(TerraformStack.of(scope)).minimums.set(scope.node.path, minimum);
}

/** The constraint a binding's provider writes into required_providers: the version it was generated from. */
function bindingPin(stack: TerraformStack): string | undefined {
  const provider = stack.node.findAll().find((n): n is TerraformProvider => n instanceof TerraformProvider && n.terraformResourceType === "aws");
  const metadata = provider?.terraformGeneratorMetadata;
  return metadata?.providerVersion ?? metadata?.providerVersionConstraint;
}

class RaiseConstraint implements IAspect {
  private done = false;
  constructor(
    private readonly stack: TerraformStack,
    private readonly state: StackState,
  ) {}

  visit(): void {
    if (this.done || this.state.minimums.size === 0) return;
    this.done = true;
    const [path, { version: needed, needs }] = [...this.state.minimums].reduce((a, b) => (compare(parse(b[1].version)!, parse(a[1].version)!) > 0 ? b : a));
    const overrides = (this.stack as unknown as { rawOverrides?: { terraform?: { required_providers?: { aws?: { version?: unknown } } } } }).rawOverrides;
    const overridden = overrides?.terraform?.required_providers?.aws?.version;
    const raised = `>= ${needed}, < ${NEXT_MAJOR}`;
    if (typeof overridden === "string" && overridden !== this.state.written) {
      // The user's own constraint: theirs to change.
      if (admitsOlderThan(overridden, needed)) {
        const node = this.stack.node.findAll().find((n) => n.node.path === path) ?? this.stack;
        Annotations.of(node).addError(
          `the stack's AWS provider constraint "${overridden}" (set with addOverride("${PATH}", …)) admits versions older than ${needed}, which refuse ${needs}; raise it to "${raised}" or remove the override`,
        );
      }
      return;
    }
    const current = typeof overridden === "string" ? overridden : bindingPin(this.stack);
    if (current === undefined || admitsOlderThan(current, needed)) {
      this.stack.addOverride(PATH, raised);
      this.state.written = raised;
    }
  }
}
