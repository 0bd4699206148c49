/**
 * Terraform state fabricated from planned values. Nothing here reaches AWS, so no apply or import ever writes a
 * state; a test that needs Terraform to believe resources exist writes one, then plans with `-refresh=false` so
 * Terraform takes the state as it is instead of asking AWS.
 */
import { randomUUID } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { OfflineStack, PlannedResource } from "../../scripts/terraform";

const AWS_PROVIDER = 'provider["registry.terraform.io/hashicorp/aws"]';

/** A resource of `planned_values` as `terraform show -json` writes it: count and for_each instances carry `index`. */
export type PlannedInstance = PlannedResource & { readonly mode?: string; readonly index?: string | number };

/** `module.x` of an address `module.x.aws_y.z[...]`, or undefined in the root module. */
export function moduleOf(r: Pick<PlannedInstance, "address" | "type" | "name">): string | undefined {
  const at = r.address.indexOf(`${r.type}.${r.name}`);
  return at > 0 ? r.address.slice(0, at - 1) : undefined;
}

interface PlannedModule {
  readonly resources?: PlannedInstance[];
  readonly child_modules?: PlannedModule[];
}

/** Every managed resource a plan's `planned_values` holds, child modules' included (`values` is absent when all are unknown). */
export function plannedResources(plan: { readonly planned_values: { readonly root_module: PlannedModule } }): PlannedInstance[] {
  const walk = (m: PlannedModule): PlannedInstance[] => [...(m.resources ?? []), ...(m.child_modules ?? []).flatMap(walk)];
  return walk(plan.planned_values.root_module)
    .filter((r) => (r.mode ?? "managed") === "managed")
    .map((r) => ({ ...r, values: r.values ?? {} }));
}

export interface StateOutput {
  readonly value: unknown;
  readonly type: unknown;
}

/** Schema version of every AWS resource type; a state instance must carry its type's. */
export async function schemaVersions(stack: OfflineStack): Promise<Record<string, number>> {
  await stack.init();
  const { stdout } = await stack.terraform(["providers", "schema", "-json"]);
  const schemas = JSON.parse(stdout).provider_schemas["registry.terraform.io/hashicorp/aws"].resource_schemas as Record<string, { version?: number }>;
  return Object.fromEntries(Object.entries(schemas).map(([type, schema]) => [type, schema.version ?? 0]));
}

/**
 * A state (format 4) in which the managed `resources` exist with the attributes `attributes` gives each, as an
 * apply would have left them. Instances of one count or for_each resource are grouped under it with their keys;
 * resources of a child module carry its path.
 */
export function fabricateState(
  resources: readonly PlannedInstance[],
  versions: Readonly<Record<string, number>>,
  attributes: (resource: PlannedInstance) => Record<string, unknown>,
  outputs: Readonly<Record<string, StateOutput>> = {},
) {
  const groups = new Map<string, PlannedInstance[]>();
  for (const r of resources.filter((r) => (r.mode ?? "managed") === "managed")) {
    const key = `${moduleOf(r) ?? ""}/${r.type}.${r.name}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  return {
    version: 4,
    terraform_version: "1.11.4",
    serial: 1,
    lineage: randomUUID(),
    outputs,
    resources: [...groups.values()].map((instances) => {
      const { type, name, index } = instances[0];
      const module = moduleOf(instances[0]);
      return {
        ...(module ? { module } : {}),
        mode: "managed",
        type,
        name,
        ...(index === undefined ? {} : { each: typeof index === "number" ? "list" : "map" }),
        provider: AWS_PROVIDER,
        instances: instances.map((r) => ({
          ...(r.index === undefined ? {} : { index_key: r.index }),
          schema_version: versions[r.type],
          attributes: attributes(r),
          sensitive_attributes: [],
        })),
      };
    }),
  };
}

/** Writes `state` where the stack's local backend reads it. */
export function writeState(stack: OfflineStack, state: ReturnType<typeof fabricateState>): void {
  writeFileSync(join(stack.dir, "terraform.tfstate"), JSON.stringify(state));
}
