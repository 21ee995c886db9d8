import { checkKeyPolicy, type KeyPolicyInput } from "../../../lambdas/contract/keyPolicy";

const NOW = Date.parse("2026-06-01T00:00:00.000Z");
const key = (overrides: Partial<KeyPolicyInput> = {}): KeyPolicyInput => ({
  currentKeyId: "key-1",
  createdAt: "2026-05-01T00:00:00.000Z",
  expiresAt: "2026-07-30T00:00:00.000Z",
  rotationEnabled: true,
  nextRotationDate: new Date("2026-06-15T00:00:00.000Z"),
  ...overrides,
});

describe("the key policy (one rule for inventory, report and the fleet's gauges)", () => {
  it("passes a key whose TTL is the max age, rotating on time", () => {
    // Act
    const verdict = checkKeyPolicy(key(), 90, NOW);

    // Assess
    expect(verdict).toEqual({ ttlDays: 90, compliant: true, problems: [] });
  });

  it.each([
    [
      "a TTL over the max age",
      key({ expiresAt: "2026-07-31T12:00:00.000Z" }),
      { ttlDays: 91.5, problems: ["key TTL 91.5 d > max age 90 d"] },
    ],
    [
      "a key that never expires, older than the max age",
      key({ createdAt: "2026-02-01T00:00:00.000Z", expiresAt: undefined }),
      { ttlDays: null, problems: ["key age 120 d > max age 90 d"] },
    ],
    [
      "no current key",
      key({ currentKeyId: undefined, createdAt: undefined, expiresAt: undefined }),
      { ttlDays: null, problems: ["no current key"] },
    ],
    [
      "rotation disabled",
      key({ rotationEnabled: false }),
      { ttlDays: 90, problems: ["rotation disabled"] },
    ],
    [
      "an overdue rotation and an expired key",
      key({
        createdAt: "2026-02-01T00:00:00.000Z",
        expiresAt: "2026-05-01T00:00:00.000Z",
        nextRotationDate: new Date("2026-05-20T00:00:00.000Z"),
      }),
      {
        ttlDays: 89,
        problems: ["rotation overdue since 2026-05-20T00:00:00.000Z", "key expired"],
      },
    ],
  ])("fails %s, saying why", (_case, input, expected) => {
    // Act
    const verdict = checkKeyPolicy(input, 90, NOW);

    // Assess
    expect(verdict).toEqual({ ...expected, compliant: false });
  });
});
