import { describe, expect, it } from "vitest";
import { printable, readDeadLetter, repositoryOfEvent } from "../../../lib/cli/dead-letters";
import { pushEvent } from "../../support/handler-fixtures";

describe("readDeadLetter", () => {
  it("reads the EventBridge event the rule's target could not deliver, and why from its attributes", () => {
    // Arrange
    const event = pushEvent("team-a/api");

    // Act
    const letter = readDeadLetter(JSON.stringify(event), { ERROR_CODE: { StringValue: "SDK_CLIENT_ERROR" }, RETRY_ATTEMPTS: { StringValue: "185" } });

    // Assert
    expect(letter).toEqual({ kind: "event", event, origin: { source: "eventbridge", why: "SDK_CLIENT_ERROR after 185 retries" } });
  });

  it("reads the event inside Lambda's on-failure record, with its condition, attempts and the function's error", () => {
    // Arrange
    const event = pushEvent("team-a/api");
    const record = { requestContext: { condition: "EventAgeExceeded", approximateInvokeCount: 1 }, requestPayload: event, responsePayload: { errorType: "EcrCallError" } };

    // Act
    const letter = readDeadLetter(JSON.stringify(record));

    // Assert
    expect(letter).toEqual({ kind: "event", event, origin: { source: "lambda", why: "EventAgeExceeded after 1 attempt: EcrCallError" } });
  });

  it.each([
    ["", "the body is not JSON (0 characters)"],
    ["[1,2]", "neither an EventBridge event nor a Lambda destination record"],
    [JSON.stringify({ source: "aws.ecr" }), "neither an EventBridge event nor a Lambda destination record"],
    [JSON.stringify({ requestContext: {}, requestPayload: "text" }), "a Lambda destination record whose requestPayload is not an EventBridge event"],
  ])("keeps %j as unreadable: %s", (body, problem) => {
    // Act
    const letter = readDeadLetter(body);

    // Assert
    expect(letter).toEqual({ kind: "unreadable", problem });
  });
});

describe("what a line shows of a message", () => {
  it("never lets a name from the queue write control characters to the terminal", () => {
    // Arrange
    const event = pushEvent("x");
    event.detail.requestParameters.repositoryName = "team-a/\u001b[2Jcleared\napi";

    // Act
    const shown = repositoryOfEvent(event);

    // Assert
    expect(shown).toBe("team-a/?[2Jcleared?api");
    expect(printable("x".repeat(500)).length).toBe(120);
  });
});
