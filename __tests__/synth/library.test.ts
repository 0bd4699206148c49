import { inspect } from "node:util";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformStack, TerraformVariable, Testing, Token } from "cdktf";
import { describe, expect, it } from "vitest";
import { ConfigError, EcrCreateOnPush, type EcrCreateOnPushConfig } from "../../lib";
import type { SynthJson } from "../support/synth";

/** A stack with two aliased AWS providers, as a user serving two Regions writes it. */
function twoRegions() {
  const stack = new TerraformStack(Testing.app(), "registry");
  const east = new AwsProvider(stack, "aws-east", { region: "us-east-1", alias: "east" });
  const west = new AwsProvider(stack, "aws-west", { region: "eu-west-1", alias: "west" });
  return { stack, east, west };
}

/** Every resource and data source block of the synthesized stack, with its type and id. */
function blocks(json: SynthJson): { kind: string; type: string; id: string; body: Record<string, unknown> }[] {
  return (["resource", "data"] as const).flatMap((kind) =>
    Object.entries(json[kind] ?? {}).flatMap(([type, byId]) => Object.entries(byId).map(([id, body]) => ({ kind, type, id, body }))),
  );
}

const synth = (stack: TerraformStack) => JSON.parse(Testing.synth(stack)) as SynthJson;
const refused = (build: () => unknown): ConfigError => {
  try {
    build();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error("expected a ConfigError");
};

describe("provider", () => {
  it.each<[string, EcrCreateOnPushConfig]>([
    ["lambda", { managedRepoPrefixes: ["team"] }],
    ["native", { mode: "native", managedRepoPrefixes: ["team"], native: { blobMounting: true } }],
  ])("puts every %s-mode resource and data source of each instance on its own provider", (_mode, config) => {
    // Arrange
    const { stack, east, west } = twoRegions();

    // Act
    new EcrCreateOnPush(stack, "ecr-east", { ...config, provider: east });
    new EcrCreateOnPush(stack, "ecr-west", { ...config, provider: west });
    const all = blocks(synth(stack));

    // Assert
    expect(all.length).toBeGreaterThan(4);
    for (const block of all) expect([block.type, block.id, block.body.provider]).toEqual([block.type, block.id, block.id.includes("ecr-east") ? "aws.east" : "aws.west"]);
    expect(all.filter((b) => b.body.provider === "aws.east")).toHaveLength(all.length / 2);
  });

  it("names each instance's function after its own provider's Region", () => {
    // Arrange
    const { stack, east, west } = twoRegions();

    // Act
    new EcrCreateOnPush(stack, "ecr-east", { provider: east, managedRepoPrefixes: ["team"] });
    new EcrCreateOnPush(stack, "ecr-west", { provider: west, managedRepoPrefixes: ["team"] });
    const json = synth(stack);

    // Assert
    const regions = Object.entries(json.data.aws_region);
    const names = Object.values(json.resource.aws_lambda_function).map((f) => f.function_name);
    expect(regions.map(([, r]) => r.provider).sort()).toEqual(["aws.east", "aws.west"]);
    // Whichever attribute of the region data source names it, each function reads its own instance's.
    expect(names.map((n) => /^create-ecr-repo-\$\{data\.aws_region\.([\w-]+)\.\w+\}$/.exec(String(n))?.[1]).sort()).toEqual(regions.map(([id]) => id).sort());
  });

  it("leaves resources on the stack's default provider when none is given", () => {
    // Arrange
    const stack = new TerraformStack(Testing.app(), "registry");
    new AwsProvider(stack, "aws", { region: "eu-west-1" });

    // Act
    new EcrCreateOnPush(stack, "ecr", { managedRepoPrefixes: ["team"] });

    // Assert
    for (const block of blocks(synth(stack))) expect(block.body.provider).toBeUndefined();
  });

  it("refuses a second instance with the same name and provider, naming both construct paths", () => {
    // Arrange
    const { stack, west } = twoRegions();
    new EcrCreateOnPush(stack, "ecr-a", { provider: west, managedRepoPrefixes: ["team"] });

    // Act
    const error = refused(() => new EcrCreateOnPush(stack, "ecr-b", { provider: west, managedRepoPrefixes: ["other"] }));

    // Assert
    expect(error.issues.map((i) => i.code)).toEqual(["names.collide"]);
    expect(error.message).toMatch(/^registry\/ecr-b: 1 invalid input:\n {2}- name: the function, role, log group and rule named "create-ecr-repo-<region>" with provider aws\.west is already created by registry\/ecr-a/);
  });

  it.each<[string, EcrCreateOnPushConfig, EcrCreateOnPushConfig, string]>([
    ["two Lambda instances on the default provider", {}, {}, "name"],
    ["two native instances with a common prefix", { mode: "native", managedRepoPrefixes: ["a", "team"] }, { mode: "native", name: "other", managedRepoPrefixes: ["team"] }, "managedRepoPrefixes"],
    ["two native instances turning on blob mounting", { mode: "native", managedRepoPrefixes: ["a"], native: { blobMounting: true } }, { mode: "native", managedRepoPrefixes: ["b"], native: { blobMounting: true } }, "native.blobMounting"],
  ])("refuses %s", (_case, first, second, input) => {
    // Arrange
    const stack = new TerraformStack(Testing.app(), "registry");
    new EcrCreateOnPush(stack, "one", first);

    // Act
    const error = refused(() => new EcrCreateOnPush(stack, "two", second));

    // Assert
    expect(error.issues.map((i) => i.input)).toEqual([input]);
    expect(error.message).toContain("already created by registry/one, so registry/two would collide");
  });

  it.each<[string, EcrCreateOnPushConfig, EcrCreateOnPushConfig]>([
    ["another name", {}, { name: "other" }],
    ["a Lambda and a native instance of the same name", {}, { mode: "native" }],
    ["native instances with distinct prefixes", { mode: "native", managedRepoPrefixes: ["a"] }, { mode: "native", managedRepoPrefixes: ["b"] }],
  ])("accepts two instances on one provider with %s", (_case, first, second) => {
    // Arrange
    const stack = new TerraformStack(Testing.app(), "registry");
    new EcrCreateOnPush(stack, "one", first);

    // Act
    const build = () => new EcrCreateOnPush(stack, "two", second);

    // Assert
    expect(build).not.toThrow();
  });

  it("treats one Terraform variable used twice as one name", () => {
    // Arrange
    const stack = new TerraformStack(Testing.app(), "registry");
    const name = new TerraformVariable(stack, "name", { type: "string" });
    new EcrCreateOnPush(stack, "one", { name: name.stringValue });

    // Act
    const error = refused(() => new EcrCreateOnPush(stack, "two", { name: name.stringValue }));

    // Assert
    expect(error.message).toContain('"<name>-<region>"');
  });
});

describe("ConfigError", () => {
  it("names the construct path and prints each problem once", () => {
    // Arrange
    const stack = new TerraformStack(Testing.app(), "registry");

    // Act
    const error = refused(() => new EcrCreateOnPush(stack, "ecr-west", { logRetentionDays: 45, imageTagMutability: "mutable" as never }));
    const printed = inspect(error);

    // Assert
    expect(error.message).toMatch(/^registry\/ecr-west: 2 invalid inputs:\n {2}- logRetentionDays: 45 .*\n {2}- imageTagMutability: "mutable": .*$/);
    expect(error.path).toBe("registry/ecr-west");
    expect(printed.split("logRetentionDays: 45")).toHaveLength(2);
    expect(printed.split('imageTagMutability: "mutable"')).toHaveLength(2);
  });
});

describe("enum inputs", () => {
  it("take a token through Token.asAny, which reaches the function's settings as the variable", () => {
    // Arrange
    const stack = new TerraformStack(Testing.app(), "registry");
    const mutability = new TerraformVariable(stack, "mutability", { type: "string" });

    // Act
    new EcrCreateOnPush(stack, "ecr", { managedRepoPrefixes: ["team"], imageTagMutability: Token.asAny(mutability.stringValue), architecture: mutability.value });
    const json = synth(stack);

    // Assert
    const fn = Object.values(json.resource.aws_lambda_function)[0] as { architectures: string[]; environment: { variables: Record<string, string> } };
    expect(fn.architectures).toEqual(["${var.mutability}"]);
    expect(JSON.stringify(json.locals)).toContain("var.mutability");
  });
});

describe("literal inputs in the synthesized JSON", () => {
  it("writes literal tags as a map that cdktf's own Testing matchers find, the Region token inside a value", () => {
    // Arrange
    const { stack, west } = twoRegions();

    // Act
    new EcrCreateOnPush(stack, "ecr", { provider: west, managedRepoPrefixes: ["team"], tags: { team: "platform" } });
    const synthesized = Testing.synth(stack);
    const tags = Object.values(synth(stack).resource.aws_lambda_function ?? {})[0]?.tags;

    // Assert
    expect(Testing.toHaveResourceWithProperties(synthesized, "aws_lambda_function", { tags: { team: "platform", "managed-by": "terraform" } })).toBe(true);
    expect(tags).toMatchObject({ team: "platform", "managed-by": "terraform", Name: expect.stringMatching(/^create-ecr-repo-\$\{data\.aws_region\.[\w-]+\.id\}$/) });
  });

  it("merges tags with Terraform when the map itself is a variable", () => {
    // Arrange
    const { stack, west } = twoRegions();

    // Act
    new EcrCreateOnPush(stack, "ecr", { provider: west, managedRepoPrefixes: ["team"], tags: new TerraformVariable(stack, "tags", { type: "map(string)" }).value });
    const tags = Object.values(synth(stack).resource.aws_lambda_function ?? {})[0]?.tags;

    // Assert
    expect(tags).toMatch(/^\$\{merge\(\{.*\}, var\.tags\)\}$/);
  });
});
