#!/usr/bin/env node
// The package's command. It runs the compiled CLI when there is one (dist/, in the published package), else the
// TypeScript source through tsx, as in this repository.
"use strict";
const { existsSync } = require("node:fs");
const { join } = require("node:path");

const root = join(__dirname, "..");
const compiled = join(root, "dist", "lib", "cli", "main.js");
const built = existsSync(compiled);
if (!built) require("tsx/cjs/api").register();
const { main } = require(built ? compiled : join(root, "lib", "cli", "main.ts"));
main(process.argv.slice(2)).then((code) => process.exit(code), (error) => {
  process.stderr.write(`ecr-create-on-push: ${error && error.stack ? error.stack : error}\n`);
  process.exit(70);
});
