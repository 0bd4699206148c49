import { App } from "cdktf";
import { stateBackend } from "./lib/backend";
import { AwsSampleCompatibleStack, ParadigmCompatibleStack } from "./lib/compat-stacks";
import { ConfigError } from "./lib/errors";

// A bad ECOP_* variable or input is the user's: its message alone, not a stack trace around it.
try {
  const app = new App();
  // `cdktf deploy` state goes where the user says, never into cdktf.out (README, "State of cdktf deploy");
  // ECOP_BACKEND=none (npm run synth) leaves the folders without a backend, for pipelines and module calls.
  const backend = (stack: string) => stateBackend(stack, __dirname);
  // ECOP_ADOPT=paradigm adds import blocks that take over what the Paradigm module created (README).
  new ParadigmCompatibleStack(app, "ecr-create-on-push", { adoptExisting: process.env.ECOP_ADOPT === "paradigm", backend: backend("ecr-create-on-push") });
  new AwsSampleCompatibleStack(app, "ecr-create-on-push-aws-sample", { backend: backend("ecr-create-on-push-aws-sample") });
  new ParadigmCompatibleStack(app, "ecr-create-on-push-native", { mode: "native", backend: backend("ecr-create-on-push-native") });
  app.synth();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exitCode = 1;
}
