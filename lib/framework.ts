/**
 * The only lib/ module that imports the CDK framework. The package is built twice from lib/: as it is, for CDKTF
 * apps, and with this file's `cdktf` rewritten to `cdktn` for CDK Terrain apps (scripts/build.ts), since a
 * construct built against one framework crashes at synth inside the other's app (AWS-FACTS §12).
 * `__tests__/unit/lib/framework-imports.test.ts` fails when another lib/ file imports the framework directly.
 */
export * from "cdktf";
