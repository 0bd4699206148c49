/**
 * The CloudWatch metrics of each decision, as Embedded Metric Format members of the decision's own log record
 * (AWS-FACTS §15): CloudWatch Logs extracts them, so there is no PutMetricData call, no SDK client and no
 * permission to add. Each decision counts once under a bounded set of dimensions: the function, the decision
 * (5 values) and its reason (a code from this file's callers, never the repository name), so a deployment makes
 * a few dozen metrics whatever it is pushed.
 */
/** Metric and dimension names: the members of the record that hold them. */
export const METRIC = { decisions: "Decisions", duration: "Duration" } as const;
export const DIMENSION = { service: "service", decision: "decision", reason: "reason" } as const;

/**
 * A CloudWatch namespace: 1-255 of the characters CloudWatch allows (letters, digits, . - _ / # : and space), at
 * least one not a space, not starting with ":", and not AWS's own "AWS/" prefix. Kept as parts (no lookahead), so
 * the same rule renders as a Terraform validation too (RE2 has no lookahead): lib/variables.ts `metrics_namespace`.
 */
const NAMESPACE_CHARACTERS = /^[0-9A-Za-z._\-/#: ]{1,255}$/;
const NAMESPACE_NOT_BLANK = /[^ ]/;
const NAMESPACE_FORBIDDEN_PREFIXES = ["AWS/", ":"] as const;
export const METRICS_NAMESPACE_RULE = {
  characters: NAMESPACE_CHARACTERS,
  notBlank: NAMESPACE_NOT_BLANK,
  forbiddenPrefixes: NAMESPACE_FORBIDDEN_PREFIXES,
  /** The parts as one test, for the function's own check and synth's. */
  accepts: (value: string): boolean => NAMESPACE_CHARACTERS.test(value) && NAMESPACE_NOT_BLANK.test(value) && !NAMESPACE_FORBIDDEN_PREFIXES.some((p) => value.startsWith(p)),
  message: 'use 1-255 letters, digits, spaces and . - _ / # : (not starting with ":" or "AWS/")',
} as const;

export interface DecisionMetrics {
  readonly namespace: string;
  readonly service: string;
  /** One of log.ts Decision. */
  readonly decision: string;
  readonly reason: string | undefined;
  /** Milliseconds from the start of the invocation to the decision. */
  readonly durationMs: number;
  readonly timestamp: Date;
}

/**
 * The members that make a record an EMF document: `_aws`, and the metric values. The dimension values are the
 * record's own `service`, `decision` and `reason` members, which the caller writes. Totals per decision, and per
 * decision and reason where there is a reason.
 */
export function metricMembers(metrics: DecisionMetrics): Record<string, unknown> {
  const { service, decision, reason } = DIMENSION;
  const dimensions = metrics.reason === undefined ? [[service, decision]] : [[service, decision], [service, decision, reason]];
  return {
    _aws: {
      Timestamp: metrics.timestamp.getTime(),
      CloudWatchMetrics: [
        {
          Namespace: metrics.namespace,
          Dimensions: dimensions,
          Metrics: [
            { Name: METRIC.decisions, Unit: "Count" },
            { Name: METRIC.duration, Unit: "Milliseconds" },
          ],
        },
      ],
    },
    [METRIC.decisions]: 1,
    [METRIC.duration]: Math.max(0, Math.round(metrics.durationMs * 1000) / 1000),
  };
}
