/**
 * Planned documents measured against AWS's limits, the way AWS would measure the requests `terraform apply` sends:
 * the test's own reading of the limits (from lib/aws-limits.ts's constants), not the checks' code.
 */
import type { ResolvedConfig } from "../../lib/config";
import { TAG_CHARACTER_CLASS } from "../../handler/aws-tags";
import { ECR_LIMITS } from "../../handler/ecr-model";
import { ENVIRONMENT_LIMIT_BYTES } from "../../lib/environment-checks";
import { MANAGED_POLICIES_PER_ROLE, MANAGED_POLICY_LIMIT, ROLE_POLICY_LIMIT } from "../../lib/iam-policy";
import { LAMBDA_CONCURRENCY } from "../../lib/quotas";
import type { PlannedResource } from "../../scripts/terraform";

/** `n` distinct namespaces of exactly `length` characters, with letters that do not compress to nothing. */
export function namespaces(n: number, length: number, lead = "t"): string[] {
  let seed = 20;
  const letter = () => String.fromCharCode(97 + ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % 26));
  return Array.from({ length: n }, (_, i) => {
    const head = `${lead}${String(i).padStart(4, "0")}-`;
    return head + Array.from({ length: length - head.length }, letter).join("");
  });
}

/** Services whose models set the tag character set, by the resource types that send tags to them. */
const CHARACTER_CHECKED = ["aws_iam_role", "aws_iam_policy", "aws_cloudwatch_log_group", "aws_ecr_repository_creation_template"];
const TAG = new RegExp(`^[${TAG_CHARACTER_CLASS}]*$`, "u");

/** Every limit the planned resources break, as readable lines; empty when all fit. */
export function limitBreaches(resources: readonly PlannedResource[], config: ResolvedConfig): string[] {
  const breaches: string[] = [];
  const over = (what: string, size: number, max: number) => size > max && breaches.push(`${what}: ${size} > ${max}`);
  const quota = typeof config.eventPatternQuota === "number" ? config.eventPatternQuota : 2048;
  const concurrencyQuota = typeof config.accountConcurrencyQuota === "number" ? config.accountConcurrencyQuota : LAMBDA_CONCURRENCY.defaultQuota;
  const inline: Record<string, number> = {};
  let managed = 0;
  for (const r of resources) {
    const v = r.values ?? {};
    if (r.type === "aws_cloudwatch_event_rule") over(`${r.address} event_pattern`, String(v.event_pattern).length, quota);
    if (r.type === "aws_iam_policy") {
      managed += 1;
      over(`${r.address} policy`, String(v.policy).length, MANAGED_POLICY_LIMIT);
    }
    if (r.type === "aws_iam_role_policy") inline[String(v.role)] = (inline[String(v.role)] ?? 0) + String(v.policy).replace(/\s/g, "").length;
    if (r.type === "aws_lambda_function") {
      const variables = ((v.environment as { variables?: Record<string, string> }[] | undefined)?.[0]?.variables ?? {}) as Record<string, string>;
      over(`${r.address} environment`, Object.entries(variables).reduce((n, [k, x]) => n + Buffer.byteLength(k) + Buffer.byteLength(x), 0), ENVIRONMENT_LIMIT_BYTES);
      const reserved = Number(v.reserved_concurrent_executions);
      if (reserved !== -1) over(`${r.address} reserved concurrency`, reserved, concurrencyQuota - LAMBDA_CONCURRENCY.unreservedMinimum);
    }
    const tags = (v.resource_tags ?? v.tags) as Record<string, string> | null | undefined;
    if (!tags) continue;
    over(`${r.address} tags`, Object.keys(tags).length, ECR_LIMITS.tagsPerResource);
    for (const [key, value] of Object.entries(tags)) {
      over(`${r.address} tag key ${key}`, key.length, ECR_LIMITS.tagKeyLength);
      over(`${r.address} tag value of ${key}`, value.length, ECR_LIMITS.tagValueLength);
      if (CHARACTER_CHECKED.includes(r.type) && !(TAG.test(key) && TAG.test(value))) breaches.push(`${r.address} tag ${key}=${value}: characters`);
    }
  }
  for (const [role, size] of Object.entries(inline)) over(`inline policies of ${role}`, size, ROLE_POLICY_LIMIT);
  over("managed policies", managed, MANAGED_POLICIES_PER_ROLE);
  return breaches;
}
