/**
 * The anchors' own Terraform (fixtures/anchors/, unmodified copies) planned offline, to build the state a switch
 * starts from. Two things stand in for what is not available here: a prebuilt zip for `data "archive_file"` (the
 * archive provider is not in the mirror), and a local STS endpoint for `data "aws_caller_identity"`.
 */
import { createHash } from "node:crypto";
import { cpSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { zipSync } from "fflate";
import { ROOT } from "../../scripts/synth";
import { OFFLINE_PROVIDER } from "../../scripts/terraform";

/** What both anchors create and a switch to our folder must keep (all at `<module>.<type>.this` there). */
export const ANCHOR_KEPT_TYPES = [
  "aws_lambda_function",
  "aws_iam_role",
  "aws_cloudwatch_log_group",
  "aws_cloudwatch_event_rule",
  "aws_cloudwatch_event_target",
  "aws_lambda_permission",
  "aws_lambda_function_event_invoke_config",
];

export const ANCHORS = join(ROOT, "__tests__", "fixtures", "anchors");
const ARCHIVE_BLOCK = /data "archive_file" "this" \{[\s\S]*?\n\}\n?/;
const ARCHIVE_REQUIREMENT = /\s*archive = \{[\s\S]*?\}/;

/**
 * A copy of the anchor `name` in a new temporary folder, `data "archive_file" "this"` replaced by a zip of a
 * placeholder handler next to the module that uses it (its path and hash are what the archive would have given).
 */
export function anchorCopy(name: "paradigm" | "aws-sample", into = mkdtempSync(join(tmpdir(), `ecop-anchor-${name}-`))): string {
  cpSync(join(ANCHORS, name), into, { recursive: true });
  for (const file of tfFiles(into)) {
    const text = readFileSync(file, "utf8");
    if (!ARCHIVE_BLOCK.test(text) && !text.includes("data.archive_file.this") && !ARCHIVE_REQUIREMENT.test(text)) continue;
    const dir = file.slice(0, file.lastIndexOf("/"));
    const zip = zipSync({ "handler.py": new TextEncoder().encode("def run(event, context):\n    return None\n") }, { mtime: new Date("2026-01-01T00:00:00Z") });
    writeFileSync(join(dir, "anchor.zip"), zip);
    const hash = createHash("sha256").update(zip).digest("base64");
    writeFileSync(
      file,
      text
        .replace(ARCHIVE_BLOCK, "")
        .replaceAll("data.archive_file.this.output_path", '"${path.module}/anchor.zip"')
        .replaceAll("data.archive_file.this.output_base64sha256", JSON.stringify(hash))
        .replace(ARCHIVE_REQUIREMENT, ""),
    );
  }
  return into;
}

function tfFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? tfFiles(path) : entry.endsWith(".tf") ? [path] : [];
  });
}

/** A local STS that answers GetCallerIdentity for account 111122223333, the only call the anchors make at plan. */
export async function stsStandIn(account = "111122223333"): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createServer((_request, response) => {
    response.writeHead(200, { "content-type": "text/xml" });
    response.end(
      `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult>` +
        `<Arn>arn:aws:iam::${account}:user/offline</Arn><UserId>AIDAEXAMPLEOFFLINE</UserId><Account>${account}</Account>` +
        `</GetCallerIdentityResult><ResponseMetadata><RequestId>00000000-0000-0000-0000-000000000000</RequestId></ResponseMetadata></GetCallerIdentityResponse>`,
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** The offline default provider, with STS at `stsUrl`: as a root's `provider.tf.json`. */
export function writeOfflineProvider(dir: string, stsUrl: string, region = OFFLINE_PROVIDER.region): void {
  writeFileSync(join(dir, "provider.tf.json"), JSON.stringify({ provider: { aws: [{ ...OFFLINE_PROVIDER, region, endpoints: [{ sts: stsUrl }] }] } }, null, 2));
}
