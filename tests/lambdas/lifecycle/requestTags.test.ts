import {
  presentRequestTags,
  RequestTags,
  rotationRequest,
  toTagValue,
} from "../../../lambdas/lifecycle/requestTags";
import type { SecretDescription } from "../../../lambdas/rotation/secretsStore";

const describeWith = (tags: Record<string, string>): SecretDescription => ({
  arn: "arn:aws:secretsmanager:us-east-1:123456789012:secret:k-AbCdEf",
  name: "k",
  rotationEnabled: true,
  versionIdsToStages: {},
  tags,
  rotationLambdaArn: undefined,
});

describe("rotation requests carried as tags", () => {
  it("reads an emergency with its reason, mode and requester", () => {
    // Act
    const request = rotationRequest(
      describeWith({
        [RequestTags.emergency]: "key in a public gist",
        [RequestTags.emergencyMode]: "revoke-first",
        [RequestTags.requestedBy]: "alice",
        owner: "team",
      }),
    );

    // Assess
    expect(request).toEqual({
      emergency: { reason: "key in a public gist", mode: "revoke-first" },
      requestedBy: "alice",
    });
  });

  it("defaults to replace-then-revoke and to a placeholder reason", () => {
    expect(rotationRequest(describeWith({ [RequestTags.emergency]: "" }))).toEqual({
      emergency: { reason: "no reason given", mode: "replace-then-revoke" },
    });
  });

  it("is an ordinary rotation without the tags, and lists only request tags for removal", () => {
    expect(rotationRequest(describeWith({ owner: "team" }))).toEqual({});
    expect(
      presentRequestTags(describeWith({ owner: "team", [RequestTags.requestedBy]: "bob" })),
    ).toEqual([RequestTags.requestedBy]);
  });

  it("turns free text into a valid tag value", () => {
    expect(toTagValue('leaked in "CI" logs; see INC-42 <urgent>!')).toBe(
      "leaked in CI logs see INC-42 urgent",
    );
    expect(toTagValue("x".repeat(300))).toHaveLength(256);
  });
});
