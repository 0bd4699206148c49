import { App } from "cdktf";
import { EcrCreateOnPushStack } from "./lib/stacks";

const app = new App();
new EcrCreateOnPushStack(app, "ecr-create-on-push");
app.synth();
