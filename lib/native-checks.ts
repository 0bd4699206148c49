/**
 * Native mode's synth-time checks: problems with the native-only inputs (and with shared inputs native mode needs
 * literal), and warnings about legal but risky input. They look at literal values only.
 */
import { Annotations } from "./framework";
import type { Construct } from "constructs";
import { ECR_LIMITS } from "../handler/ecr-model";
import { abbreviate } from "../handler/field-rules";
import { normalizePrefix } from "../handler/repository-names";
import type { EcrCreateOnPushConfig, ResolvedConfig } from "./config";
import type { ConfigIssue } from "./errors";
import { EXTRA_APPLIED_FOR, type ResolvedNativeOptions } from "./native-options";
import { carriedSettings, needsCustomRole, ROOT_PREFIX } from "./native-templates";
import { managedPolicyIssues } from "./policy-checks";
import { nameIssues } from "./name-checks";
import { TEMPLATES_ROLE_NAME } from "./resource-names";
import { isLiteral } from "./tokens";
import { issue } from "./validate";

const TEMPLATE_DESCRIPTION_MAX = 256;
const TAG_VALUE_MAX = ECR_LIMITS.tagValueLength;

/** Problems with the native-only inputs, and with shared inputs native mode needs literal. */
export function nativeIssues(config: ResolvedConfig, options: ResolvedNativeOptions): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const add = (...args: Parameters<typeof issue>) => issues.push(issue(...args));

  if (isLiteral(options.appliedFor)) {
    options.appliedFor.forEach((value, i) => {
      if (!(EXTRA_APPLIED_FOR as readonly string[]).includes(value)) {
        add("applied-for.invalid", `appliedFor[${i}]`, value, `is not a scenario a template can add; use ${EXTRA_APPLIED_FOR.map((v) => `"${v}"`).join(" or ")} (CREATE_ON_PUSH is always there)`);
      }
    });
  }
  if (typeof options.blobMounting !== "boolean") {
    add("blob-mounting.token", "blobMounting", "<token>", "must be a literal true or false: it decides whether the account setting resource exists");
  }
  if (isLiteral(options.description) && options.description.length > TEMPLATE_DESCRIPTION_MAX) {
    add("description.length", "description", abbreviate(options.description), `is ${options.description.length} characters; ECR accepts at most ${TEMPLATE_DESCRIPTION_MAX}`);
  }
  const createdBy = options.createdBy;
  if (createdBy !== null && isLiteral(createdBy) && (createdBy.length < 1 || createdBy.length > TAG_VALUE_MAX)) {
    add("created-by.length", "createdBy", createdBy, `is not a tag value of 1-${TAG_VALUE_MAX} characters; use null for no created-by tag`);
  }
  if (!isLiteral(config.prefixSettings)) {
    // Each key becomes a template whose settings depend on which keys are its parents; Terraform could compute
    // that, but the expression would be unreadable in a plan. managedRepoPrefixes may be a token.
    add("prefix-settings.token", "prefixSettings", "<token>", "must be literal in native mode: each prefix becomes its own repository creation template (managedRepoPrefixes may be a Terraform variable)");
  } else {
    const seen = new Map<string, string>();
    for (const prefix of Object.keys(config.prefixSettings)) {
      const bare = normalizePrefix(prefix);
      const earlier = seen.get(bare);
      if (earlier !== undefined) add("prefix.duplicate", `prefixSettings[${JSON.stringify(prefix)}]`, prefix, `repeats ${JSON.stringify(earlier)} (a trailing "/" is implied); keep one`);
      else seen.set(bare, prefix);
    }
  }
  return issues;
}

/**
 * The templates' role name, for valid input only (laying the templates out reads every setting). Checked only
 * when the role exists: without tags and KMS, ECR's service-linked role does the work.
 */
export function nativeNameIssues(config: ResolvedConfig, options: ResolvedNativeOptions): ConfigIssue[] {
  // The role lists every template's namespace, in managed policies as Lambda mode's role does.
  return needsCustomRole(carriedSettings(config), options.createdBy) ? [...nameIssues(config.name, [TEMPLATES_ROLE_NAME]), ...managedPolicyIssues(config.managedRepoPrefixes)] : [];
}

/** Warns about what the user set, not about defaults: an unset repoScanOnPush (true) is nobody's choice. */
export function warnNative(scope: Construct, config: ResolvedConfig, props: EcrCreateOnPushConfig): void {
  const annotations = Annotations.of(scope);
  const prefixScans = isLiteral(config.prefixSettings) ? Object.values(config.prefixSettings).map((s) => s.scanOnPush) : [];
  const scanSet = props.repoScanOnPush !== undefined && (!isLiteral(props.repoScanOnPush) || props.repoScanOnPush === true);
  if (scanSet || prefixScans.some((s) => s !== false && s != null)) {
    annotations.addWarning(
      "repoScanOnPush / prefixSettings.scanOnPush: repository creation templates carry no scan setting, so native mode ignores them. Scanning is registry-level there: configure the registry's scanning (aws_ecr_registry_scanning_configuration) with a SCAN_ON_PUSH rule.",
    );
  }
  if (isLiteral(config.allowedPusherAccounts) && config.allowedPusherAccounts.length > 0 && !config.allowedPusherAccounts.includes("*")) {
    // containers-roadmap#853 (2026-03): CREATE_ON_PUSH created repositories for a cross-account pusher.
    annotations.addWarning("allowedPusherAccounts: native mode cannot check who pushed; ECR creates a repository for any principal with push rights to the registry. Use Lambda mode to limit it.");
  }
  if (isLiteral(config.managedRepoPrefixes) && config.managedRepoPrefixes.length === 0) {
    annotations.addWarning(`managedRepoPrefixes is empty: the ${ROOT_PREFIX} template makes ECR create a repository for a push of any new name. Set prefixes to limit it.`);
  }
}
