/**
 * A push client for tests and benches of the push helper: a Node script that "pushes" (exits 0, printing `pushed
 * <image>`) only when the repository exists in the local ECR server named by FAKE_ECR_URL (DescribeRepositories),
 * and otherwise prints docker's `name unknown` and exits 1, as a real push to a missing ECR repository fails. Options:
 * `ruleAfter` makes its attempt number N create the repository after failing (as the rule would have by then);
 * FAKE_CLOUDTRAIL_URL, when set, receives a POST `{ repositoryName }` for every failed attempt (the failed call
 * CloudTrail records). Counts its runs in a file beside it.
 */
import { chmodSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

let serial = 0;

export interface FakePushClient {
  readonly script: string;
  runs(): number;
}

export function fakePushClient(dir: string, account: string, region: string, options: { readonly ruleAfter?: number } = {}): FakePushClient {
  const base = join(dir, `fake-push-${process.pid}-${(serial += 1)}`);
  writeFileSync(
    base,
    `#!/usr/bin/env node
const fs = require("node:fs");
const count = ${JSON.stringify(`${base}.count`)};
const n = (fs.existsSync(count) ? Number(fs.readFileSync(count, "utf8")) : 0) + 1;
fs.writeFileSync(count, String(n));
const name = process.argv[2].split("/").slice(1).join("/").split(":")[0];
const ecr = (operation, body) => fetch(process.env.FAKE_ECR_URL, {
  method: "POST",
  headers: { "content-type": "application/x-amz-json-1.1", "x-amz-target": "AmazonEC2ContainerRegistry_V20150921." + operation, authorization: "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261202/${region}/ecr/aws4_request" },
  body: JSON.stringify(body),
});
(async () => {
  const described = await ecr("DescribeRepositories", { repositoryNames: [name] });
  if (described.ok) { console.log("pushed " + process.argv[2]); return; }
  console.error("name unknown: The repository with name '" + name + "' does not exist in the registry with id '${account}'");
  if (process.env.FAKE_CLOUDTRAIL_URL) await fetch(process.env.FAKE_CLOUDTRAIL_URL, { method: "POST", body: JSON.stringify({ repositoryName: name }) });
  if (n === ${options.ruleAfter ?? 0}) await ecr("CreateRepository", { repositoryName: name });
  process.exit(1);
})();
`,
  );
  chmodSync(base, 0o755);
  return { script: base, runs: () => (existsSync(`${base}.count`) ? Number(readFileSync(`${base}.count`, "utf8")) : 0) };
}
