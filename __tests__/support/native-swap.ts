/**
 * Native stacks on the only AWS provider this machine has (5.100.0).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { offlineCopy, planOffline } from "../../scripts/terraform";

/*
 * Why a swapped copy: the only AWS provider on this machine is 5.100.0, whose schema rejects applied_for
 * CREATE_ON_PUSH (accepted from 6.28.0) and the account setting BLOB_MOUNTING (from 6.29.0), AWS-FACTS §7. Every
 * other attribute of these resources exists in 5.100.0, so a copy in which only those values are swapped for ones
 * 5.100.0 accepts, and the version constraint relaxed to admit it, lets the real Terraform validate and plan
 * everything else: block shapes, the for_each expression, the role policy's functions, the escaping of "${".
 * The swapped values are real alternatives (AWS-FACTS §7-8): PULL_THROUGH_CACHE is another appliedFor scenario,
 * REGISTRY_POLICY_SCOPE with V2 another account setting name and one of its values.
 * Exclusion mutabilities stay out of this config: 5.100.0 has no image_tag_mutability_exclusion_filter block on
 * templates either (the synth tests cover that block).
 */
export const SWAPS: Record<string, string> = { CREATE_ON_PUSH: "PULL_THROUGH_CACHE", BLOB_MOUNTING: "REGISTRY_POLICY_SCOPE", ENABLED: "V2" };
export const PROVIDER_5100 = ">= 5.100.0, < 7.0.0";

/** Paths at which two JSON values differ. */
export function differences(a: unknown, b: unknown, path = ""): string[] {
  if (a !== null && b !== null && typeof a === "object" && typeof b === "object") {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].flatMap((k) => differences((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}/${k}`));
  }
  return a === b ? [] : [path];
}

/** A copy of the synthesized stack with only the values 5.100.0 rejects swapped; returns its folder. */
export function swapFor5100(stackDir: string): { dir: string; changed: string[]; plan: () => ReturnType<typeof planOffline>; copy: ReturnType<typeof offlineCopy> } {
  const copy = offlineCopy(stackDir);
  const file = join(copy.dir, "cdk.tf.json");
  const original = JSON.parse(readFileSync(file, "utf8"));
  const swapped = JSON.parse(JSON.stringify(original));
  // Only inside the native resources: a Lambda-mode rule beside them keeps its state "ENABLED".
  for (const type of ["aws_ecr_repository_creation_template", "aws_ecr_account_setting"]) {
    for (const [id, resource] of Object.entries((swapped.resource?.[type] ?? {}) as Record<string, unknown>)) {
      swapped.resource[type][id] = JSON.parse(JSON.stringify(resource), (key, value) => {
        // 5.100.0 also lacks the exclusion-filter block of templates (6.x has it); dropping it is a reported change.
        if (key === "image_tag_mutability_exclusion_filter") return undefined;
        if (key === "dynamic" && Object.keys(value).length === 0) return undefined;
        return typeof value === "string" && value in SWAPS ? SWAPS[value] : value;
      });
    }
  }
  swapped.terraform.required_providers.aws.version = PROVIDER_5100;
  writeFileSync(file, JSON.stringify(swapped, null, 2));
  return { dir: copy.dir, changed: differences(original, swapped), copy, plan: () => planOffline(copy) };
}

