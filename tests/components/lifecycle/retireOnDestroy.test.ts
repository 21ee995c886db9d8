import * as pulumi from "@pulumi/pulumi";
import { ADMIN_CREDENTIAL, defaultArgs } from "../componentArgs";
import { T, deploy, only } from "../componentHarness";
import { ACCOUNT_ID, installPulumiMocks, promiseOf } from "../pulumiMocks";

const mocks = installPulumiMocks();
const SECRET_ARN = `arn:aws:secretsmanager:us-east-1:${ACCOUNT_ID}:secret:nylas-key-1a2b3c4-AbCdEf`;

describe("the retire invocation (revokeKeysOnDestroy, on by default)", () => {
  it("invokes the rotation function with the retire input through the CRUD lifecycle", async () => {
    // Act
    await deploy(mocks, "nylas-key", defaultArgs);

    // Assess
    expect(only(mocks, T.invocation, "nylas-key-retire").inputs).toEqual({
      functionName: "nylas-key-rotation-f48313",
      input: JSON.stringify({ action: "retire", secretArn: SECRET_ARN, revokeKeys: true }),
      lifecycleScope: "CRUD",
      terraformKey: "tf",
    });
  });

  it("is created after, so destroyed before, the function and everything the retire needs; the schedule depends on it", async () => {
    // Prepare
    const key = await deploy(mocks, "nylas-key", {
      ...defaultArgs,
      adminCredential: ADMIN_CREDENTIAL,
      adminCredentialSecretArn: undefined,
    });
    const urnOf = (r: pulumi.Resource | undefined) => promiseOf((r as pulumi.Resource).urn);
    const needs = await Promise.all(
      [key.rotationFunction, key.rolePolicy, key.secret, key.logGroup, key.adminSecretVersion].map(
        urnOf,
      ),
    );
    const retireUrn = await urnOf(key.retireOnDestroy);

    // Assess
    expect(only(mocks, T.invocation, "nylas-key-retire").dependencies).toEqual(
      expect.arrayContaining(needs),
    );
    expect(only(mocks, T.rotation, "nylas-key").dependencies).toEqual(
      expect.arrayContaining([retireUrn]),
    );
  });
});

describe("revokeKeysOnDestroy: false", () => {
  it("keeps the invocation, telling the function not to revoke, and warns in the preview", async () => {
    // Prepare
    const warn = jest.spyOn(pulumi.log, "warn").mockImplementation(() => Promise.resolve());

    // Act
    let key;
    let warnings: unknown[][];
    try {
      key = await deploy(mocks, "nylas-key", { ...defaultArgs, revokeKeysOnDestroy: false });
    } finally {
      warnings = [...warn.mock.calls];
      warn.mockRestore();
    }

    // Assess
    // Removing the invocation from a live stack would run its delete phase: it stays, with revokeKeys false.
    expect(only(mocks, T.invocation, "nylas-key-retire").inputs.input).toBe(
      JSON.stringify({ action: "retire", secretArn: SECRET_ARN, revokeKeys: false }),
    );
    expect(warnings).toEqual([
      [
        'RotatedApiKey "nylas-key": revokeKeysOnDestroy is false, so destroying it leaves its vendor keys live until they expire or are revoked at the vendor.',
        key,
      ],
    ]);
  });
});
