/**
 * The Lambda entry point. Configuration and the ECR client are built once per cold start; the endpoint
 * comes only from the SDK's own AWS_ENDPOINT_URL_ECR / AWS_ENDPOINT_URL support.
 */
import { createEcrClient } from "./act";
import { createCompletedRecord } from "./completed";
import { createHandler } from "./handle";
import { createJsonLogger } from "./log";
import { loadLogSettings, loadSettings } from "./settings";

export const handler = createHandler({
  settings: loadSettings(process.env),
  ecr: createEcrClient(),
  log: createJsonLogger(loadLogSettings(process.env)),
  traceHeader: () => process.env._X_AMZN_TRACE_ID,
  now: Date.now,
  // Module scope: one record per warm instance, gone at the next cold start.
  completed: createCompletedRecord(),
});
