/** Which failures are worth another attempt: logged as `transient`, so a reader knows whether a retry can help. */
import { ECRServiceException, RepositoryNotFoundException, ServerException } from "@aws-sdk/client-ecr";
import { describe, expect, it } from "vitest";
import { isTransient } from "../../../handler/sdk-errors";

const metadata = (httpStatusCode?: number) => ({ $metadata: httpStatusCode === undefined ? {} : { httpStatusCode } });
const named = (name: string, fields: Record<string, unknown> = {}) => Object.assign(new Error(name), { name }, fields);
const unmodelled = (name: string, httpStatusCode: number) => new ECRServiceException({ name, $fault: httpStatusCode >= 500 ? "server" : "client", ...metadata(httpStatusCode) });

describe("isTransient", () => {
  it.each<{ case: string; error: unknown; transient: boolean }>([
    { case: "ECR throttling (unmodelled, HTTP 400)", error: unmodelled("ThrottlingException", 400), transient: true },
    { case: "HTTP 429", error: unmodelled("TooManyRequests", 429), transient: true },
    { case: "ServerException (500)", error: new ServerException({ message: "internal", ...metadata(500) }), transient: true },
    { case: "a 503 with an unknown name", error: unmodelled("ServiceUnavailable", 503), transient: true },
    { case: "an SDK error marked $retryable", error: named("SomethingRetryable", { ...metadata(400), $retryable: {} }), transient: true },
    { case: "a reset connection", error: named("Error", { code: "ECONNRESET", message: "socket hang up" }), transient: true },
    { case: "a refused connection", error: named("Error", { code: "ECONNREFUSED" }), transient: true },
    { case: "a broken pipe", error: named("Error", { code: "EPIPE" }), transient: true },
    { case: "the SDK's request timeout", error: named("TimeoutError", { code: "ETIMEDOUT" }), transient: true },
    { case: "an aborted request", error: named("AbortError"), transient: true },
    { case: "RequestTimeout", error: named("RequestTimeout", metadata(400)), transient: true },
    { case: "RepositoryNotFoundException", error: new RepositoryNotFoundException({ message: "gone", ...metadata(400) }), transient: false },
    { case: "AccessDeniedException", error: unmodelled("AccessDeniedException", 400), transient: false },
    { case: "an SDK error with no status", error: named("InvalidSignatureException", metadata()), transient: false },
    { case: "a TypeError from a bug", error: new TypeError("Cannot read properties of undefined (reading 'repositoryArn')"), transient: false },
    { case: "a plain Error", error: new Error("unexpected"), transient: false },
    { case: "a throttling name without $metadata (not from AWS)", error: named("ThrottlingException"), transient: false },
    { case: "a thrown string", error: "boom", transient: false },
    { case: "undefined", error: undefined, transient: false },
  ])("calls $case transient=$transient", ({ error, transient }) => {
    // Act
    const result = isTransient(error);

    // Assert
    expect(result).toBe(transient);
  });
});
