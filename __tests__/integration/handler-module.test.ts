/**
 * handler/index.ts as Lambda loads it: configuration read at import, the module-scope client pointed at the
 * local server only through the SDK's own AWS_ENDPOINT_URL_ECR.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { ConfigError } from "../../handler/errors";
import { startEcrServer, type EcrServer } from "../support/ecr-server";
import { ACCOUNT, CONTEXT, REGION, handlerEnv, pushEvent } from "../support/handler-fixtures";
import { FAKE_CREDENTIALS_ENV } from "./support";

let server: EcrServer | undefined;

function stubEnvironment(values: Record<string, string | undefined>): void {
  for (const [name, value] of Object.entries({ ...FAKE_CREDENTIALS_ENV, ...values })) vi.stubEnv(name, value);
}

afterEach(async () => {
  vi.unstubAllEnvs();
  vi.resetModules();
  vi.restoreAllMocks();
  await server?.close();
  server = undefined;
});

describe("handler module", () => {
  it("creates the repository through the endpoint in AWS_ENDPOINT_URL_ECR, logging one JSON line", async () => {
    // Arrange
    server = await startEcrServer({ account: ACCOUNT, region: REGION });
    stubEnvironment({ ...handlerEnv(), AWS_ENDPOINT_URL_ECR: server.url });
    const lines: string[] = [];
    vi.spyOn(process.stdout, "write").mockImplementation((chunk) => (lines.push(String(chunk)), true));
    const { handler } = await import("../../handler/index");

    // Act
    const outcome = await handler(pushEvent("team-a/api"), CONTEXT);

    // Assert
    expect(outcome).toEqual({ decision: "created", repository: "team-a/api" });
    expect(server.operations()[0]).toBe("CreateRepository");
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: "INFO", decision: "created", repository: "team-a/api" });
  });

  it.each(["REPOSITORY_SETTINGS", "PREFIX_SETTINGS", "ALLOWED_PREFIXES", "EVENT_NAMES", "ALLOWED_PUSHER_ACCOUNTS"])("fails at import when %s is malformed, naming it", async (variable) => {
    // Arrange
    stubEnvironment({ ...handlerEnv(), [variable]: "{not json" });

    // Act
    const loading = import("../../handler/index");

    // Assert
    // A fresh module graph has its own ConfigError class, so match by name.
    await expect(loading).rejects.toMatchObject({ name: ConfigError.name, variable, message: expect.stringContaining(`${variable}: is not valid JSON`) });
  });
});
