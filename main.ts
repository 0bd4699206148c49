import { App } from "cdktf";
import { AwsSampleCompatibleStack, ParadigmCompatibleStack } from "./lib/compat-stacks";

const app = new App();
new ParadigmCompatibleStack(app, "ecr-create-on-push");
new AwsSampleCompatibleStack(app, "ecr-create-on-push-aws-sample");
app.synth();
