/**
 * The Lambda entry point. Configuration and the ECR client are built once per cold start; the endpoint
 * comes only from the SDK's own AWS_ENDPOINT_URL_ECR / AWS_ENDPOINT_URL support.
 */
import { createEcrClient } from "./act";
import { createCompletedRecord } from "./completed";
import { createHandler } from "./handle";
import { jsonLogger } from "./log";
import { loadSettings } from "./settings";

export const handler = createHandler({
  settings: loadSettings(process.env),
  ecr: createEcrClient(),
  log: jsonLogger,
  now: Date.now,
  // Module scope: one record per warm instance, gone at the next cold start.
  completed: createCompletedRecord(),
});
