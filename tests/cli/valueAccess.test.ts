import { deniedReadsNote, isAccessDenied, principalOf } from "../../cli/commands/valueAccess";

const denied = (message: string) => [
  { versionId: "v1", error: { name: "AccessDeniedException", message } },
];

describe("history's explanation of a denied GetSecretValue", () => {
  it("turns an assumed-role session into the role ARN aws:PrincipalArn matches, and keeps a user ARN", () => {
    expect(
      principalOf(
        "User: arn:aws:sts::123456789012:assumed-role/ops/alice is not authorized to perform: x",
      ),
    ).toBe("arn:aws:iam::123456789012:role/ops");
    expect(
      principalOf("User: arn:aws:iam::123456789012:user/bob is not authorized to perform: x"),
    ).toBe("arn:aws:iam::123456789012:user/bob");
    expect(principalOf("Access to KMS is not allowed")).toBeUndefined();
  });

  it("blames KMS when KMS refused the decryption", () => {
    expect(deniedReadsNote("team/key", 3, denied("Access to KMS is not allowed"))).toBe(
      "note: GetSecretValue was denied for 1 of 3 version(s) of team/key by KMS, so they show ids, stages and dates only, without key ids or expiry. The secret's customer managed key must let you decrypt through Secrets Manager (kms:Decrypt with kms:ViaService).",
    );
  });

  it("points at the identity policy otherwise", () => {
    expect(
      deniedReadsNote(
        "team/key",
        1,
        denied(
          "User: arn:aws:iam::123456789012:user/bob is not authorized to perform: secretsmanager:GetSecretValue on resource: team/key because no identity-based policy allows the secretsmanager:GetSecretValue action",
        ),
      ),
    ).toBe(
      "note: GetSecretValue was denied for 1 of 1 version(s) of team/key, so they show ids, stages and dates only, without key ids or expiry. Allow arn:aws:iam::123456789012:user/bob secretsmanager:GetSecretValue on the secret in its identity policy (and, if the key has `consumerPrincipals`, list it in `operatorPrincipals`).",
    );
  });

  it("recognises only AccessDeniedException as a denial", () => {
    expect(isAccessDenied({ name: "AccessDeniedException" })).toBe(true);
    expect(isAccessDenied({ name: "ResourceNotFoundException" })).toBe(false);
    expect(isAccessDenied(null)).toBe(false);
  });
});
