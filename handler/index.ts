/**
 * The Lambda entry point. Configuration and the ECR client are built once per cold start; the endpoints
 * come only from the environment: the SDK's own AWS_ENDPOINT_URL_ECR / AWS_ENDPOINT_URL support, and
 * AWS_ENDPOINT_URL_STS for verifying ensure requests.
 */
import { createEcrClient } from "./act";
import { createCompletedRecord } from "./completed";
import { stsEndpoint } from "./ensure-request";
import { createHandler } from "./handle";
import { createJsonLogger } from "./log";
import { loadLogSettings, loadSettings } from "./settings";

const settings = loadSettings(process.env);

export const handler = createHandler({
  settings,
  ecr: createEcrClient(),
  log: createJsonLogger(loadLogSettings(process.env)),
  traceHeader: () => process.env._X_AMZN_TRACE_ID,
  now: Date.now,
  // Module scope: one record per warm instance, gone at the next cold start.
  completed: createCompletedRecord(),
  // Its own endpoint, never one from a request: AWS_ENDPOINT_URL_STS as the SDKs read it, else STS in its Region.
  sts: { endpoint: stsEndpoint(process.env, settings.region) },
});
