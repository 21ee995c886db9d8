import { keyNameFor, secretTag, tokenFromKeyName } from "../../../../lambdas/engine/core/keyNames";

const ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:nylas-api-key-AbCdEf";
const TOKEN = "0b5c7a8e-1f2d-4c3b-9a8e-7d6c5b4a3f21";

describe("vendor key names", () => {
  it("ties a key to one secret and one token", () => {
    // Act
    const name = keyNameFor("rotated", ARN, TOKEN);

    // Assess
    expect(name).toBe(`rotated-${secretTag(ARN)}-${TOKEN}`);
    expect(secretTag(ARN)).toMatch(/^[0-9a-f]{10}$/);
    expect(tokenFromKeyName("rotated", ARN, name)).toBe(TOKEN);
  });

  it("does not claim keys of another secret, another prefix or no token", () => {
    // Prepare
    const other = "arn:aws:secretsmanager:us-east-1:123456789012:secret:other-XyZ123";

    // Act / Assess
    expect(tokenFromKeyName("rotated", ARN, keyNameFor("rotated", other, TOKEN))).toBeUndefined();
    expect(tokenFromKeyName("rotated", ARN, keyNameFor("drill", ARN, TOKEN))).toBeUndefined();
    expect(tokenFromKeyName("rotated", ARN, `rotated-${secretTag(ARN)}-`)).toBeUndefined();
    expect(tokenFromKeyName("rotated", ARN, "production-key-2026-01-01")).toBeUndefined();
  });
});
