import {
  keyRotatedEntry,
  keyRotatedPattern,
  type KeyRotatedDetail,
} from "../../../lambdas/contract/keyRotatedEvent";

const SECRET = "arn:aws:secretsmanager:us-east-1:123456789012:secret:nylas-key-AbCdEf";
const detail: KeyRotatedDetail = {
  secretArn: SECRET,
  secretName: "nylas-key",
  versionId: "b6f1c7f0-0000-4000-8000-000000000002",
  previousVersionId: "b6f1c7f0-0000-4000-8000-000000000001",
  vendor: "nylas",
  emergency: false,
  overlapHours: 24,
  rotatedAt: "2030-05-10T06:12:09.000Z",
};

describe("the KeyRotated event", () => {
  it("is one PutEvents entry on the default bus, the secret as its resource", () => {
    expect(keyRotatedEntry(detail)).toEqual({
      Source: "rotated-api-key",
      DetailType: "KeyRotated",
      EventBusName: "default",
      Resources: [SECRET],
      Detail: JSON.stringify(detail),
    });
  });

  it("refuses any field beyond the contract, so key material cannot ride along", () => {
    const withKey = { ...detail, apiKey: "sk-live-0123456789" } as KeyRotatedDetail;
    expect(() => keyRotatedEntry(withKey)).toThrow(
      'The KeyRotated event\'s detail does not match its contract: detail: Unrecognized key: "apiKey".',
    );
  });

  it("gives consumers a pattern for one secret's rotations", () => {
    expect(keyRotatedPattern(SECRET)).toEqual({
      source: ["rotated-api-key"],
      "detail-type": ["KeyRotated"],
      resources: [SECRET],
    });
  });
});
