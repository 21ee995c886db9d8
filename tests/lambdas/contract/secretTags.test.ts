import {
  parsePromotionTag,
  promotionTagValue,
  presentRequestTags,
  RequestTags,
  rotationRequest,
  settledRequestTags,
  toTagValue,
} from "../../../lambdas/contract/secretTags";
import type { SecretDescription } from "../../../lambdas/engine/core/secretsStore";

const TOKEN = "11111111-2222-3333-4444-555555555555";
const OTHER = "99999999-8888-7777-6666-555555555555";

const describeWith = (
  tags: Record<string, string>,
  versionIdsToStages: Record<string, string[]> = {},
): SecretDescription => ({
  arn: "arn:aws:secretsmanager:us-east-1:123456789012:secret:k-AbCdEf",
  name: "k",
  rotationEnabled: true,
  versionIdsToStages,
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
        [RequestTags.requestToken]: TOKEN,
        owner: "team",
      }),
      TOKEN,
    );

    // Assess
    expect(request).toEqual({
      emergency: { reason: "key in a public gist", mode: "revoke-first" },
      requestedBy: "alice",
    });
  });

  it("defaults to replace-then-revoke and to a placeholder reason", () => {
    expect(
      rotationRequest(
        describeWith({ [RequestTags.emergency]: "", [RequestTags.requestToken]: TOKEN }),
        TOKEN,
      ),
    ).toEqual({
      emergency: { reason: "no reason given", mode: "replace-then-revoke" },
    });
  });

  it("is an ordinary rotation without the tags, and lists only request tags for removal", () => {
    expect(rotationRequest(describeWith({ owner: "team" }), TOKEN)).toEqual({});
    expect(
      presentRequestTags(describeWith({ owner: "team", [RequestTags.requestedBy]: "bob" })),
    ).toEqual([RequestTags.requestedBy]);
  });

  it("applies a request only to the rotation whose token it is bound to", () => {
    // Prepare
    const emergency = {
      [RequestTags.emergency]: "leak",
      [RequestTags.emergencyMode]: "revoke-first",
    };

    // Act
    const unbound = rotationRequest(describeWith(emergency), TOKEN);
    const forAnother = rotationRequest(
      describeWith({ ...emergency, [RequestTags.requestToken]: OTHER }),
      TOKEN,
    );
    const forThis = rotationRequest(
      describeWith({ ...emergency, [RequestTags.requestToken]: TOKEN }),
      TOKEN,
    );

    // Assess
    expect(unbound).toEqual({});
    expect(forAnother).toEqual({});
    expect(forThis).toEqual({ emergency: { reason: "leak", mode: "revoke-first" } });
  });

  it("settles the tags of this token and of requests no pending rotation carries, not another pending one's", () => {
    // Prepare
    const tags = { [RequestTags.emergency]: "leak", [RequestTags.requestToken]: OTHER };

    // Act
    const otherPending = settledRequestTags(describeWith(tags, { [OTHER]: ["AWSPENDING"] }), TOKEN);
    const otherGone = settledRequestTags(describeWith(tags), TOKEN);
    const own = settledRequestTags(
      describeWith({ ...tags, [RequestTags.requestToken]: TOKEN }, { [TOKEN]: ["AWSPENDING"] }),
      TOKEN,
    );

    // Assess
    expect(otherPending).toEqual([]);
    expect(otherGone).toEqual([RequestTags.emergency, RequestTags.requestToken]);
    expect(own).toEqual([RequestTags.emergency, RequestTags.requestToken]);
  });

  it("turns free text into a valid tag value", () => {
    expect(toTagValue('leaked in "CI" logs; see INC-42 <urgent>!')).toBe(
      "leaked in CI logs see INC-42 urgent",
    );
    expect(toTagValue("x".repeat(300))).toHaveLength(256);
  });
});

describe("the promotion record", () => {
  const at = new Date("2026-03-01T10:00:00.000Z");
  const rotated = new Date("2026-02-01T08:30:00.000Z");

  it("of a rotation names the version and time, which is also the last rotation's", () => {
    // Act
    const value = promotionTagValue(TOKEN, at);
    // Assess
    expect(value).toBe(`${TOKEN} 2026-03-01T10:00:00.000Z`);
    expect(parsePromotionTag(value)).toEqual({
      versionId: TOKEN,
      at: at.getTime(),
      lastRotationAt: at.getTime(),
    });
  });

  it("of a rollback carries the last rotation's time forward, within a tag value's 256 characters", () => {
    // Act
    const value = promotionTagValue(TOKEN, at, rotated);
    // Assess
    expect(value).toBe(`${TOKEN} 2026-03-01T10:00:00.000Z 2026-02-01T08:30:00.000Z`);
    expect(toTagValue(value)).toBe(value);
    expect(parsePromotionTag(value)).toEqual({
      versionId: TOKEN,
      at: at.getTime(),
      lastRotationAt: rotated.getTime(),
    });
  });

  it("is undefined when absent or malformed, and ignores a malformed last-rotation time", () => {
    // Assess
    expect(parsePromotionTag(undefined)).toBeUndefined();
    expect(parsePromotionTag(`${TOKEN} yesterday`)).toBeUndefined();
    expect(parsePromotionTag(`${TOKEN} 2026-03-01T10:00:00.000Z soon`)).toEqual({
      versionId: TOKEN,
      at: at.getTime(),
      lastRotationAt: at.getTime(),
    });
  });
});
