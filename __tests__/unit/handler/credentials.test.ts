/** The zip's credentials: Lambda's environment only, in place of the SDK's default chain (a quarter of the bundle). */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { CredentialsError, defaultProvider } from "../../../handler/credentials";
import { bundleHandler } from "../../../lib/bundle";

afterEach(() => vi.unstubAllEnvs());

describe("environment credentials", () => {
  it("returns the execution role's credentials Lambda puts in the environment", async () => {
    // Arrange
    vi.stubEnv("AWS_ACCESS_KEY_ID", "ASIAEXAMPLE");
    vi.stubEnv("AWS_SECRET_ACCESS_KEY", "secret");
    vi.stubEnv("AWS_SESSION_TOKEN", "token");

    // Act
    const credentials = await defaultProvider()();

    // Assert
    expect(credentials).toEqual({ accessKeyId: "ASIAEXAMPLE", secretAccessKey: "secret", sessionToken: "token" });
  });

  it("fails naming the variables when they are missing", async () => {
    vi.stubEnv("AWS_ACCESS_KEY_ID", "");
    await expect(defaultProvider()()).rejects.toThrow(CredentialsError);
    await expect(defaultProvider()()).rejects.toThrow("AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not both set");
  });
});

describe("the bundle", () => {
  it("leaves the default credential chain out of the zip, which has it without the alias", () => {
    // Arrange
    const dir = mkdtempSync(join(tmpdir(), "ecop-bundle-"));
    const text = (zipPath: string) => readFileSync(join(zipPath, "..", "index.mjs"), "utf8");

    // Act
    const shipped = text(bundleHandler(join(dir, "shipped")).zipPath);
    const withChain = text(bundleHandler(join(dir, "chain"), undefined, {}).zipPath);

    // Assert
    for (const marker of ["AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_CONTAINER_CREDENTIALS_FULL_URI", "sso_start_url"]) {
      expect(withChain).toContain(marker);
      expect(shipped).not.toContain(marker);
    }
    expect(shipped).toContain("AWS_SECRET_ACCESS_KEY");
  });
});
