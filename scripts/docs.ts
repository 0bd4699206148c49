/**
 * The README's inputs and outputs tables, generated from the code so they cannot drift: inputs from the doc
 * comments of EcrCreateOnPushConfig (lib/config.ts), outputs from a synthesized default stack; and the alarm table
 * of docs/operations.md from lib/alarms.ts. `npm run docs` rewrites both between the markers; a test fails when
 * either is stale.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { Testing } from "cdktf";
import { ALARM_SPECS, thresholdText } from "../lib/alarms";
import { SAMPLE_VARIABLES } from "../lib/compat-stacks";
import { EcrCreateOnPushStack } from "../lib/stacks";
import { VARIABLES } from "../lib/variables";
import { AWS_LIMITS } from "../lib/aws-limits";

const ROOT = resolve(__dirname, "..");
export const README = join(ROOT, "README.md");

const cell = (text: string) => text.replaceAll("|", "\\|").replace(/\s+/g, " ").trim();

export function inputsTable(): string {
  const source = readFileSync(join(ROOT, "lib", "config.ts"), "utf8");
  const body = source.slice(source.indexOf("export interface EcrCreateOnPushConfig"));
  const rows = [...body.matchAll(/\/\*\*([\s\S]*?)\*\/\s*readonly (\w+)\?: ([^;]+);/g)].map(([, doc, name, type]) => {
    const lines = doc.split("\n").map((l) => l.replace(/^\s*\*\s?/, "").trim()).filter(Boolean);
    const defaultLine = lines.find((l) => l.startsWith("@default")) ?? "@default -";
    const description = lines.filter((l) => !l.startsWith("@")).join(" ");
    return `| \`${name}\` | \`${cell(type)}\` | ${cell(defaultLine.replace("@default", ""))} | ${cell(description)} | ${tfvarsKeys(name)} |`;
  });
  return ["| input | type | default | meaning and allowed values | tfvars key |", "|---|---|---|---|---|", ...rows].join("\n");
}

/** The variable that feeds an input in the Paradigm-compatible stack, and in the AWS-sample stack where it differs. */
function tfvarsKeys(input: string): string {
  const find = (specs: typeof VARIABLES) => Object.entries(specs).find(([, spec]) => spec.input === input)?.[0];
  const [paradigm, sample] = [find(VARIABLES), find(SAMPLE_VARIABLES)];
  if (!paradigm) return "none: synth-time only";
  return sample && sample !== paradigm ? `\`${paradigm}\` (sample stack: \`${sample}\`)` : `\`${paradigm}\``;
}

export function outputsTable(): string {
  const app = Testing.app();
  const json = JSON.parse(Testing.synth(new EcrCreateOnPushStack(app, "docs", { managedRepoPrefixes: ["docs"] }))) as { output: Record<string, { description: string }> };
  const rows = Object.entries(json.output).map(([name, o]) => `| \`${name}\` | ${cell(o.description)} |`);
  return ["| output | meaning |", "|---|---|", ...rows].join("\n");
}

/** AWS's limits the checks enforce (lib/aws-limits.ts), with the input that raises an adjustable one. */
export function limitsTable(): string {
  const rows = AWS_LIMITS.map((l) => `| ${cell(l.limit)} | ${cell(l.value)} | ${cell(l.source)} | ${l.raisedBy === null ? "fixed" : cell(l.raisedBy.split(" / ").map((n) => `\`${n}\``).join(" / "))} |`);
  return ["| limit | value | source | raised by |", "|---|---|---|---|", ...rows].join("\n");
}
/** docs/operations.md's alarm table, from lib/alarms.ts ALARM_SPECS: what each alarm watches, means and asks. */
export function alarmsTable(): string {
  const rows = ALARM_SPECS.map(
    (a) =>
      `| \`<name>-<region>-${a.suffix}\` | \`${a.namespace}\` \`${a.metricName}\` (${a.statistic}) | \`${a.dimension}\` | ${cell(thresholdText(a))}${a.needsQueue ? " (with the dead-letter queue)" : ""} | ${cell(a.meaning)} | ${cell(a.action)} |`,
  );
  return ["| alarm | metric | dimension | fires on | what it means | what to do |", "|---|---|---|---|---|---|", ...rows].join("\n");
}
export const OPERATIONS = join(ROOT, "docs", "operations.md");

/** `text` with what stands between `<!-- name:start -->` and `<!-- name:end -->` replaced by `table`. */
const replace = (text: string, name: string, table: string) =>
  text.replace(new RegExp(`<!-- ${name}:start -->[\\s\\S]*?<!-- ${name}:end -->`), () => `<!-- ${name}:start -->\n${table}\n<!-- ${name}:end -->`);

/** README.md with its generated inputs, outputs and limits tables. */
export function renderReadme(readme: string): string {
  return replace(replace(replace(readme, "inputs", inputsTable()), "outputs", outputsTable()), "limits", limitsTable());
}

/** docs/operations.md with its generated alarm table. */
export function renderOperations(doc: string): string {
  return replace(doc, "alarms", alarmsTable());
}

if (require.main === module) {
  writeFileSync(README, renderReadme(readFileSync(README, "utf8")));
  writeFileSync(OPERATIONS, renderOperations(readFileSync(OPERATIONS, "utf8")));
  console.log("README.md tables and the docs/operations.md alarm table regenerated");
}
