import { DefaultTokenResolver, StringConcat, TerraformDataSource, type TerraformProvider, TerraformResource, TerraformStack, Tokenization } from "./framework";
import type { IConstruct } from "constructs";
import type { ConfigIssue } from "./errors";

/**
 * Gives every resource and data source under `scope` the `provider` prop, as cdktf resources take it one by one;
 * set once here, so a resource added to a builder later cannot miss it. undefined keeps the stack's default.
 */
export function useProvider(scope: IConstruct, provider: TerraformProvider | undefined): void {
  if (!provider) return;
  for (const node of scope.node.findAll()) {
    if (node instanceof TerraformResource || node instanceof TerraformDataSource) node.provider = provider;
  }
}

/** Something only one instance per provider may create: a name AWS keeps unique per account and Region. */
export interface NameClaim {
  /** The input that decides it, for the message. */
  readonly input: string;
  /** What it is, e.g. `function, role, log group and rule "create-ecr-repo-<region>"`. */
  readonly what: string;
  /** Equal keys collide. */
  readonly key: string;
}

const claimsByStack = new WeakMap<TerraformStack, Map<string, string>>();

/**
 * Records what `construct` will create under its provider, or returns the collisions with instances already in
 * the stack: with the same provider (the same account and Region) they would plan fine and fail at apply.
 */
export function claimNames(construct: IConstruct, provider: TerraformProvider | undefined, claims: readonly NameClaim[]): ConfigIssue[] {
  const stack = TerraformStack.of(construct);
  const taken = claimsByStack.get(stack) ?? new Map<string, string>();
  claimsByStack.set(stack, taken);
  // Without a provider prop, resources use the stack's default AWS provider, whose fqn is "aws".
  const providerName = provider ? provider.fqn : "aws";
  // Resolved, so one variable read twice (two distinct tokens) is one name: `${var.name}`.
  const resolve = (key: string) => String(Tokenization.resolve(key, { scope: stack, preparing: false, resolver: new DefaultTokenResolver(new StringConcat()) }));
  const keys = claims.map((claim) => `${providerName}\0${resolve(claim.key)}`);
  const issues: ConfigIssue[] = [];
  for (const [index, claim] of claims.entries()) {
    const owner = taken.get(keys[index]);
    if (owner !== undefined && owner !== construct.node.path) {
      issues.push({
        code: "names.collide",
        input: claim.input,
        message: `${claim.input}: ${claim.what} with provider ${providerName} is already created by ${owner}, so ${construct.node.path} would collide with it at apply; give one of them another name or another provider`,
      });
    }
  }
  if (issues.length === 0) for (const key of keys) taken.set(key, construct.node.path);
  return issues;
}
