import { App } from "cdktf";
import { AwsSampleCompatibleStack, ParadigmCompatibleStack } from "./lib/compat-stacks";

const app = new App();
// ECOP_ADOPT=paradigm adds import blocks that take over what the Paradigm module created (README).
new ParadigmCompatibleStack(app, "ecr-create-on-push", { adoptExisting: process.env.ECOP_ADOPT === "paradigm" });
new AwsSampleCompatibleStack(app, "ecr-create-on-push-aws-sample");
new ParadigmCompatibleStack(app, "ecr-create-on-push-native", { mode: "native" });
app.synth();
