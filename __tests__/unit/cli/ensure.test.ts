/** The pure parts of `push --ensure` and `ensure`: function names, the command line, the presigned request's shape. */
import { describe, expect, it } from "vitest";
import { ENSURE_EXPIRES_SECONDS, SIGNED_HEADERS } from "../../../handler/ensure-request";
import { presignedQueryProblem } from "../../../handler/ensure";
import { parseEnsureArgs } from "../../../lib/cli/ensure-command";
import { parseFunctionTarget, presignCallerIdentity } from "../../../lib/cli/ensure";
import { parsePushArgs, UsageError } from "../../../lib/cli/push";

const IMAGE = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/app:1";

describe("ensure command line", () => {
  it.each([
    ["create-ecr-repo-eu-west-1", { name: "create-ecr-repo-eu-west-1" }],
    ["create-ecr-repo-eu-west-1:$LATEST", { name: "create-ecr-repo-eu-west-1" }],
    ["arn:aws:lambda:eu-west-1:111122223333:function:create-ecr-repo-eu-west-1", { name: "create-ecr-repo-eu-west-1", region: "eu-west-1", account: "111122223333" }],
    ["arn:aws-cn:lambda:cn-north-1:111122223333:function:f:live", { name: "f", region: "cn-north-1", account: "111122223333" }],
    ["111122223333:function:f", { name: "f", account: "111122223333" }],
  ])("reads the function %s", (identifier, expected) => {
    expect(parseFunctionTarget(identifier)).toEqual({ identifier, ...expected });
  });

  it.each(["", "arn:aws:s3:::bucket", "arn:aws:lambda:eu-west-1:1111:function:f", "has spaces", "a:b:c:d:e"])("refuses the function %j", (identifier) => {
    expect(() => parseFunctionTarget(identifier)).toThrow(UsageError);
  });

  it("takes --ensure before -- and needs an ECR image in the command", () => {
    expect(parsePushArgs(["--ensure", "f", "--", "docker", "push", IMAGE])).toMatchObject({ ensure: { name: "f" }, command: ["docker", "push", IMAGE] });
    expect(parsePushArgs(["--ensure=f", "--", "docker", "push", IMAGE]).ensure?.name).toBe("f");
    expect(() => parsePushArgs(["--ensure", "f", "--", "./push.sh"])).toThrow("this command has none");
    expect(() => parsePushArgs(["--ensure", "--", "docker", "push", IMAGE])).toThrow(UsageError);
  });

  it("ensures an image's registry, or a bare name in the function's own", () => {
    expect(parseEnsureArgs(["f", IMAGE]).what).toEqual({ repositoryName: "team/app", registryId: "123456789012", region: "eu-west-1" });
    expect(parseEnsureArgs(["f", "team/app:1"]).what).toEqual({ repositoryName: "team/app" });
    expect(() => parseEnsureArgs(["f", "Team/App"])).toThrow(UsageError);
    expect(() => parseEnsureArgs(["f"])).toThrow(UsageError);
  });
});

describe("the presigned identity", () => {
  it("is a GetCallerIdentity for the function's STS host, short-lived and bound to the function and name", async () => {
    // Act
    const url = new URL(
      await presignCallerIdentity({ functionName: "f", repositoryName: "team/app", region: "eu-west-1" }, new URL("https://sts.eu-west-1.amazonaws.com/"), async () => ({ accessKeyId: "ASIAEXAMPLEEXAMPLE01", secretAccessKey: "s", sessionToken: "IQoJb3JpZ2luX2VjEXAMPLE+tok/en==" }), new Date("2026-12-02T12:00:00Z")),
    );

    // Assert
    expect(url.origin).toBe("https://sts.eu-west-1.amazonaws.com");
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      Action: "GetCallerIdentity",
      Version: "2011-06-15",
      "X-Amz-Credential": "ASIAEXAMPLEEXAMPLE01/20261202/eu-west-1/sts/aws4_request",
      "X-Amz-Date": "20261202T120000Z",
      "X-Amz-Expires": String(ENSURE_EXPIRES_SECONDS),
      "X-Amz-SignedHeaders": SIGNED_HEADERS,
      "X-Amz-Security-Token": "IQoJb3JpZ2luX2VjEXAMPLE+tok/en==",
    });
    expect(presignedQueryProblem(url.searchParams)).toBeUndefined();
  });
});
