#!/usr/bin/env node
// The package's command. It runs the bundled CLI when there is one (dist/cli/main.js: the published package, with
// the AWS SDK clients inside, so nothing else needs installing), else the TypeScript source through tsx, as in this
// repository before `npm run build`.
"use strict";
const { existsSync } = require("node:fs");
const { join } = require("node:path");

const root = join(__dirname, "..");
const bundled = join(root, "dist", "cli", "main.js");
const built = existsSync(bundled);
if (!built) require("tsx/cjs/api").register();
const { main } = require(built ? bundled : join(root, "lib", "cli", "main.ts"));
main(process.argv.slice(2)).then((code) => process.exit(code), (error) => {
  process.stderr.write(`ecr-create-on-push: ${error && error.stack ? error.stack : error}\n`);
  process.exit(70);
});
