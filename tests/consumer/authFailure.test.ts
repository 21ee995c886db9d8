import { isAuthFailure, statusOfError, statusOfResult } from "../../consumer";

describe("the default auth-failure predicate", () => {
  it.each([
    ["a status field (OpenAI, Octokit)", { status: 401 }, 401],
    ["a statusCode field (Nylas, Stripe)", { statusCode: 403 }, 403],
    ["response.status (axios, ky)", { response: { status: 401 } }, 401],
    ["response.statusCode (got)", { response: { statusCode: 401 } }, 401],
    ["$metadata.httpStatusCode (AWS SDK v3)", { $metadata: { httpStatusCode: 403 } }, 403],
    ["a string status", { status: "401" }, undefined],
    ["no status", new Error("ECONNRESET"), undefined],
    ["null", null, undefined],
  ])("reads the status of a thrown error with %s", (_label, error, expected) => {
    // Act
    const status = statusOfError(error);

    // Assess
    expect(status).toBe(expected);
  });

  it("judges returned fetch responses by ok and status, and ignores other values", async () => {
    // Prepare
    const rejected = new Response("{}", { status: 401 });
    const forbidden = new Response("{}", { status: 403 });
    const missing = new Response("{}", { status: 404 });
    const fine = new Response("{}", { status: 200 });

    // Act
    const verdicts = [rejected, forbidden, missing, fine, { status: 401 }, "401"].map((value) =>
      isAuthFailure({ kind: "returned", value }),
    );

    // Assess
    expect(verdicts).toEqual([true, true, false, false, false, false]);
    expect(statusOfResult(missing)).toBe(404);
  });

  it("judges thrown errors by their status", () => {
    // Act
    const verdicts = [{ status: 401 }, { statusCode: 403 }, { status: 500 }, new Error("x")].map(
      (error) => isAuthFailure({ kind: "threw", error }),
    );

    // Assess
    expect(verdicts).toEqual([true, true, false, false]);
  });
});
