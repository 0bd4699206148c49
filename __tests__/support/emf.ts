/**
 * A reading of CloudWatch's Embedded Metric Format specification (CloudWatch_Embedded_Metric_Format_Specification,
 * and its JSON schema; AWS-FACTS §15) as a validator: what CloudWatch Logs would refuse to extract from a record,
 * each problem with the member it is about. Also the metrics it would extract, so tests assert on values and
 * dimensions instead of on text.
 */

/** The units the specification's schema allows. */
const UNITS = new Set(
  "Seconds Microseconds Milliseconds Bytes Kilobytes Megabytes Gigabytes Terabytes Bits Kilobits Megabits Gigabits Terabits Percent Count Bytes/Second Kilobytes/Second Megabytes/Second Gigabytes/Second Terabytes/Second Bits/Second Kilobits/Second Megabits/Second Gigabits/Second Terabits/Second Count/Second None".split(
    " ",
  ),
);
const MAX_DIMENSIONS_PER_SET = 30;
const MAX_METRICS_PER_DIRECTIVE = 100;
const MAX_VALUES_PER_METRIC = 100;
/** CloudWatch's own rules on the names and values the specification points at (API_Dimension, API_Metric). */
const ASCII_VISIBLE = /^[\x20-\x7e]*$/;

export interface ExtractedMetric {
  readonly namespace: string;
  readonly name: string;
  readonly unit: string;
  readonly dimensions: Readonly<Record<string, string>>;
  readonly values: readonly number[];
  readonly timestamp: number;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);
const isName = (value: unknown): value is string => typeof value === "string" && value.length >= 1 && value.length <= 255;

/** Every way `line` breaks the specification; empty for a valid EMF document. */
export function emfProblems(line: string): string[] {
  const problems: string[] = [];
  let root: unknown;
  try {
    root = JSON.parse(line);
  } catch (error) {
    return [`not JSON: ${(error as Error).message}`];
  }
  if (!isObject(root)) return ["the root is not a JSON object"];
  const meta = root._aws;
  if (!isObject(meta)) return ["_aws is missing or not an object"];
  if (!Number.isInteger(meta.Timestamp) || (meta.Timestamp as number) < 0) problems.push(`_aws.Timestamp ${JSON.stringify(meta.Timestamp)} is not an integer of milliseconds since the epoch`);
  if (!Array.isArray(meta.CloudWatchMetrics)) return [...problems, "_aws.CloudWatchMetrics is not an array"];
  meta.CloudWatchMetrics.forEach((directive: unknown, d) => {
    const at = `_aws.CloudWatchMetrics[${d}]`;
    if (!isObject(directive)) return void problems.push(`${at} is not an object`);
    const { Namespace, Dimensions, Metrics } = directive;
    if (!isName(Namespace) || !ASCII_VISIBLE.test(Namespace) || Namespace.startsWith(":")) problems.push(`${at}.Namespace ${JSON.stringify(Namespace)} is not a namespace of 1-255 ASCII characters`);
    if (!Array.isArray(Dimensions) || Dimensions.length < 1) problems.push(`${at}.Dimensions is not a non-empty array of dimension sets`);
    else {
      Dimensions.forEach((set: unknown, s) => {
        if (!Array.isArray(set) || set.length > MAX_DIMENSIONS_PER_SET) return void problems.push(`${at}.Dimensions[${s}] is not an array of at most ${MAX_DIMENSIONS_PER_SET} keys`);
        for (const key of set) {
          if (!isName(key)) problems.push(`${at}.Dimensions[${s}] has a key that is not a string of 1-255 characters: ${JSON.stringify(key)}`);
          else if (typeof root[key] !== "string") problems.push(`dimension ${key}: the root has no string member ${JSON.stringify(key)}`);
          else if ((root[key] as string).trim() === "" || (root[key] as string).length > 1024 || !ASCII_VISIBLE.test(root[key] as string)) problems.push(`dimension ${key}: value ${JSON.stringify(root[key])} is not 1-1024 visible ASCII characters`);
        }
      });
    }
    if (!Array.isArray(Metrics) || Metrics.length > MAX_METRICS_PER_DIRECTIVE) return void problems.push(`${at}.Metrics is not an array of at most ${MAX_METRICS_PER_DIRECTIVE} definitions`);
    Metrics.forEach((metric: unknown, m) => {
      if (!isObject(metric) || !isName(metric.Name)) return void problems.push(`${at}.Metrics[${m}] has no Name of 1-255 characters`);
      if (metric.Unit !== undefined && !UNITS.has(metric.Unit as string)) problems.push(`metric ${metric.Name}: unit ${JSON.stringify(metric.Unit)} is not a CloudWatch unit`);
      if (metric.StorageResolution !== undefined && metric.StorageResolution !== 1 && metric.StorageResolution !== 60) problems.push(`metric ${metric.Name}: StorageResolution must be 1 or 60`);
      const value = root[metric.Name];
      const numbers = Array.isArray(value) ? value : [value];
      if (numbers.length === 0 || numbers.length > MAX_VALUES_PER_METRIC || !numbers.every((n) => typeof n === "number" && Number.isFinite(n))) {
        problems.push(`metric ${metric.Name}: the root member is not a number or an array of 1-${MAX_VALUES_PER_METRIC} numbers (${JSON.stringify(value)})`);
      }
      if (Array.isArray(Dimensions) && Dimensions.some((set) => Array.isArray(set) && set.includes(metric.Name))) problems.push(`metric ${metric.Name} is also a dimension`);
    });
  });
  return problems;
}

/** The metrics CloudWatch would extract from a valid document: one per metric and dimension set. */
export function extractMetrics(line: string): ExtractedMetric[] {
  const problems = emfProblems(line);
  if (problems.length > 0) throw new Error(`not a valid EMF document:\n  ${problems.join("\n  ")}\n${line}`);
  const root = JSON.parse(line) as Record<string, unknown> & { _aws: { Timestamp: number; CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string; Unit?: string }[] }[] } };
  return root._aws.CloudWatchMetrics.flatMap((directive) =>
    directive.Dimensions.flatMap((set) =>
      directive.Metrics.map((metric) => ({
        namespace: directive.Namespace,
        name: metric.Name,
        unit: metric.Unit ?? "None",
        dimensions: Object.fromEntries(set.map((key) => [key, root[key] as string])),
        values: ([] as number[]).concat(root[metric.Name] as number | number[]),
        timestamp: root._aws.Timestamp,
      })),
    ),
  );
}
