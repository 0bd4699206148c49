import { TerraformProvider, TerraformStack, Testing } from "cdktf";
import { describe, expect, it } from "vitest";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { EcrCreateOnPush, EcrCreateOnPushStack } from "../../../lib";
import { admits, admitsOlderThan } from "../../../lib/provider-constraint";

/** An AWS provider as a binding generated from `version` declares itself (20.1.0: 5.100.0, 21.22.1: 6.25.0). */
function bindingOf(stack: TerraformStack, version: string): TerraformProvider {
  return new (class extends TerraformProvider {})(stack, "aws", { terraformResourceType: "aws", terraformGeneratorMetadata: { providerName: "aws", providerVersion: version }, terraformProviderSource: "aws" });
}

const constraintOf = (stack: TerraformStack) => (JSON.parse(Testing.synth(stack)) as { terraform: { required_providers: { aws: { version: string } } } }).terraform.required_providers.aws.version;

describe("Terraform version constraints", () => {
  it.each([
    ["6.25.0", "6.25.0", true],
    ["6.25.0", "6.28.0", false],
    [">= 5.100.0, < 7.0.0", "5.100.0", true],
    [">= 5.100.0, < 7.0.0", "7.0.0", false],
    [">= 6.28.0, < 7.0.0", "6.27.9", false],
    ["~> 6.28", "6.99.0", true],
    ["~> 6.28", "7.0.0", false],
    ["~> 6.28.1", "6.29.0", false],
    ["~> 6.28.1", "6.28.5", true],
    ["!= 6.30.0", "6.30.0", false],
    ["> 6.27", "6.27.0", false],
  ] as const)("%s admits %s: %s", (constraint, version, expected) => {
    // Act + Assert
    expect(admits(constraint, version)).toBe(expected);
  });

  it("reads a constraint it cannot parse as unknown, not as admitted", () => {
    // Act + Assert
    expect(admits(">= latest", "6.28.0")).toBeUndefined();
  });

  it.each([
    ["5.100.0", true],
    ["6.25.0", true],
    [">= 5.100.0, < 7.0.0", true],
    ["~> 6.0", true],
    ["6.66.0", false],
    [">= 6.28.0, < 7.0.0", false],
    ["~> 6.28", false],
  ] as const)("%s admits a version older than 6.28.0: %s", (constraint, expected) => {
    // Act + Assert
    expect(admitsOlderThan(constraint, "6.28.0")).toBe(expected);
  });
});

describe("the AWS provider constraint of a user's stack", () => {
  it.each(["5.100.0", "6.25.0"])("is raised above the binding's pin %s for native mode", (pin) => {
    // Arrange
    const stack = new TerraformStack(Testing.app(), "user");
    bindingOf(stack, pin);

    // Act
    new EcrCreateOnPush(stack, "ecr", { mode: "native", managedRepoPrefixes: ["team"] });

    // Assert
    expect(constraintOf(stack)).toBe(">= 6.28.0, < 7.0.0");
  });

  it("needs 6.29.0 with blob mounting, whichever instance comes first", () => {
    // Arrange
    const stack = new TerraformStack(Testing.app(), "user");
    bindingOf(stack, "6.25.0");

    // Act
    new EcrCreateOnPush(stack, "blob", { mode: "native", managedRepoPrefixes: ["a"], native: { blobMounting: true } });
    new EcrCreateOnPush(stack, "plain", { mode: "native", managedRepoPrefixes: ["b"], name: "other" });

    // Assert
    expect(constraintOf(stack)).toBe(">= 6.29.0, < 7.0.0");
  });

  it("keeps a pin that already qualifies, and the binding's pin in Lambda mode", () => {
    // Arrange
    const [native, lambda] = ["native", "lambda"].map((id) => new TerraformStack(Testing.app(), id));
    bindingOf(native!, "6.66.0");
    new AwsProvider(lambda!, "aws", { region: "eu-west-1" });

    // Act
    new EcrCreateOnPush(native!, "ecr", { mode: "native", managedRepoPrefixes: ["team"] });
    new EcrCreateOnPush(lambda!, "ecr", { managedRepoPrefixes: ["team"] });

    // Assert
    expect(constraintOf(native!)).toBe("6.66.0");
    expect(constraintOf(lambda!)).toBe("5.100.0");
  });

  it("raises our own stack's range for native mode and keeps it for Lambda mode", () => {
    // Act
    const app = Testing.app();
    const native = new EcrCreateOnPushStack(app, "native", { mode: "native", managedRepoPrefixes: ["team"] });
    const lambda = new EcrCreateOnPushStack(app, "lambda", { managedRepoPrefixes: ["team"] });

    // Assert
    expect(constraintOf(native)).toBe(">= 6.28.0, < 7.0.0");
    expect(constraintOf(lambda)).toBe(">= 5.100.0, < 7.0.0");
  });

  it("refuses a constraint the user set that admits older versions, naming it, the version needed and the fix", () => {
    // Arrange
    const stack = new TerraformStack(Testing.app(), "user");
    bindingOf(stack, "6.25.0");
    new EcrCreateOnPush(stack, "ecr", { mode: "native", managedRepoPrefixes: ["team"] });

    // Act
    stack.addOverride("terraform.required_providers.aws.version", "~> 6.20");

    // Assert
    expect(() => Testing.fullSynth(stack)).toThrow(/"~> 6\.20".*admits versions older than 6\.28\.0, which refuse CREATE_ON_PUSH repository creation templates; raise it to ">= 6\.28\.0, < 7\.0\.0" or remove the override/s);
  });

  it("accepts a constraint the user set that qualifies", () => {
    // Arrange
    const stack = new TerraformStack(Testing.app(), "user");
    bindingOf(stack, "6.25.0");
    new EcrCreateOnPush(stack, "ecr", { mode: "native", managedRepoPrefixes: ["team"] });

    // Act
    stack.addOverride("terraform.required_providers.aws.version", "~> 6.30");

    // Assert
    expect(constraintOf(stack)).toBe("~> 6.30");
  });
});
