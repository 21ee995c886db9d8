import * as pulumi from "@pulumi/pulumi";
import { RotatedApiKey, RotatedApiKeyArgsError, type RotatedApiKeyArgs } from "../../../components";
import type { RotationFleet } from "../../../components/fleet";
import { ADMIN_CREDENTIAL, CONSUMER_ROLE_ARN } from "../componentArgs";
import { T, only } from "../componentHarness";
import { ACCOUNT_ID, REGION, installPulumiMocks, promiseOf, settle } from "../pulumiMocks";
import { deployFleet, fleetArgs } from "./fleetHarness";

const mocks = installPulumiMocks();
const FUNCTION_NAME = "nylas-prod-fleet-5b0f0a";
const FLEET_ROLE_ARN = `arn:aws:iam::${ACCOUNT_ID}:role/nylas-prod-fleet-1a2b3c4`;
const OPERATOR_ARN = `arn:aws:iam::${ACCOUNT_ID}:role/break-glass`;
const secretArnOf = (name: string) =>
  `arn:aws:secretsmanager:${REGION}:${ACCOUNT_ID}:secret:${name}-1a2b3c4-AbCdEf`;
const urnOf = (r: pulumi.Resource | undefined) => promiseOf((r as pulumi.Resource).urn);

describe("a fleet member's retire on destroy", () => {
  let fleet: RotationFleet;
  const memberArgs = (): RotatedApiKeyArgs => ({
    vendor: "nylas",
    tags: { owner: "billing-team", purpose: "invoices", environment: "test" },
    fleet: fleet.memberArgs,
  });

  beforeAll(async () => {
    // A fleet that creates its credential: the retire needs its version too.
    fleet = await deployFleet(mocks, "nylas-prod", {
      ...fleetArgs,
      adminCredential: ADMIN_CREDENTIAL,
      adminCredentialSecretArn: undefined,
    });
  });

  it("invokes the fleet's function with the member's secret through the CRUD lifecycle", async () => {
    // Act
    const key = new RotatedApiKey("billing-key", memberArgs());
    await settle(key);

    // Assess
    expect(only(mocks, T.invocation, "billing-key-retire").inputs).toEqual({
      functionName: FUNCTION_NAME,
      input: JSON.stringify({
        action: "retire",
        secretArn: secretArnOf("billing-key"),
        revokeKeys: true,
      }),
      lifecycleScope: "CRUD",
      terraformKey: "tf",
    });
    expect(key.retireOnDestroy).toBeDefined();
  });

  it("is deleted before the secret and everything of the fleet the retire needs; the schedule goes first", async () => {
    // Prepare
    const key = new RotatedApiKey("ordered-key", memberArgs());
    await settle(key);
    const needs = await Promise.all(
      [
        key.secret,
        fleet.rotationFunction,
        fleet.invokePermission,
        fleet.rolePolicy,
        fleet.logGroup,
        fleet.adminSecretVersion,
      ].map(urnOf),
    );

    // Act
    const invocation = only(mocks, T.invocation, "ordered-key-retire");
    const rotation = only(mocks, T.rotation, "ordered-key");

    // Assess: a resource is deleted before the resources it depends on.
    expect(invocation.dependencies).toEqual(expect.arrayContaining(needs));
    expect(rotation.dependencies).toEqual(
      expect.arrayContaining([await urnOf(key.retireOnDestroy)]),
    );
  });

  it("with revokeKeysOnDestroy false keeps the invocation, telling the function not to revoke, and warns", async () => {
    // Prepare
    const warn = jest.spyOn(pulumi.log, "warn").mockImplementation(() => Promise.resolve());

    // Act
    let key: RotatedApiKey | undefined;
    let warnings: unknown[][];
    try {
      key = new RotatedApiKey("kept-key", { ...memberArgs(), revokeKeysOnDestroy: false });
      await settle(key);
    } finally {
      warnings = [...warn.mock.calls];
      warn.mockRestore();
    }

    // Assess: removing the invocation from a live member would run its delete phase, so it stays, revoking nothing.
    expect(only(mocks, T.invocation, "kept-key-retire").inputs).toEqual({
      functionName: FUNCTION_NAME,
      input: JSON.stringify({
        action: "retire",
        secretArn: secretArnOf("kept-key"),
        revokeKeys: false,
      }),
      lifecycleScope: "CRUD",
      terraformKey: "tf",
    });
    expect(warnings).toEqual([
      [
        'RotatedApiKey "kept-key": revokeKeysOnDestroy is false, so destroying it leaves its vendor keys live until they expire or are revoked at the vendor.',
        key,
      ],
    ]);
  });
});

describe("a fleet member's secret policy", () => {
  let fleet: RotationFleet;
  const memberArgs = (): RotatedApiKeyArgs => ({
    vendor: "nylas",
    tags: { owner: "billing-team", purpose: "invoices", environment: "test" },
    fleet: fleet.memberArgs,
  });

  beforeAll(async () => {
    fleet = await deployFleet(mocks, "nylas-prod");
  });

  it("denies deleting the secret by default (deletionProtection), and has no policy with it off", async () => {
    // Act
    await settle(new RotatedApiKey("protected-key", memberArgs()));
    await settle(new RotatedApiKey("open-key", { ...memberArgs(), deletionProtection: false }));

    // Assess
    expect(only(mocks, T.secretPolicy, "protected-key-policy").inputs).toEqual({
      secretArn: secretArnOf("protected-key"),
      blockPublicPolicy: true,
      policy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "NobodyDeletesTheSecret",
            Effect: "Deny",
            Principal: "*",
            Action: "secretsmanager:DeleteSecret",
            Resource: "*",
          },
        ],
      }),
    });
    expect(mocks.ofType(T.secretPolicy).map((r) => r.name)).toEqual(["protected-key-policy"]);
  });

  it("lets the consumers, the fleet's role and the operators through, and keeps the deny on delete", async () => {
    // Act
    await settle(
      new RotatedApiKey("orders-key", {
        ...memberArgs(),
        consumerPrincipals: [CONSUMER_ROLE_ARN],
        operatorPrincipals: [OPERATOR_ARN],
      }),
    );

    // Assess: the same resource as before operators (`-consumers` is its alias).
    const policy = only(mocks, T.secretPolicy, "orders-key-policy");
    expect(policy.aliases).toEqual([expect.stringMatching(/::orders-key-consumers$/)]);
    expect(policy.inputs).toEqual({
      secretArn: secretArnOf("orders-key"),
      blockPublicPolicy: true,
      policy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "ConsumersReadTheKey",
            Effect: "Allow",
            Principal: { AWS: [CONSUMER_ROLE_ARN] },
            Action: "secretsmanager:GetSecretValue",
            Resource: "*",
          },
          {
            Sid: "NobodyElseReadsTheKey",
            Effect: "Deny",
            Principal: "*",
            Action: "secretsmanager:GetSecretValue",
            Resource: "*",
            Condition: {
              ArnNotEquals: {
                "aws:PrincipalArn": [CONSUMER_ROLE_ARN, FLEET_ROLE_ARN, OPERATOR_ARN],
              },
            },
          },
          {
            Sid: "NobodyDeletesTheSecret",
            Effect: "Deny",
            Principal: "*",
            Action: "secretsmanager:DeleteSecret",
            Resource: "*",
          },
        ],
      }),
    });
  });

  it("gives the secret the member's recovery window", async () => {
    // Act
    await settle(new RotatedApiKey("short-key", { ...memberArgs(), recoveryWindowInDays: 7 }));

    // Assess
    expect(only(mocks, T.secret, "short-key").inputs.recoveryWindowInDays).toBe(7);
  });

  it("refuses operatorPrincipals without consumerPrincipals, as a key with its own function does", () => {
    // Prepare
    let problems: readonly string[] = [];

    // Act
    try {
      new RotatedApiKey("lonely-operators", {
        ...memberArgs(),
        operatorPrincipals: [OPERATOR_ARN],
      });
    } catch (error) {
      problems = (error as RotatedApiKeyArgsError).problems;
    }

    // Assess
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^`operatorPrincipals` /);
  });

  it("refuses what the fleet's function cannot honour, rather than ignoring it", () => {
    // Prepare
    let problems: readonly string[] = [];

    // Act
    try {
      new RotatedApiKey("member-extras", {
        ...memberArgs(),
        replicaRegions: ["eu-west-1"],
        replicaKmsKeyIds: { "eu-west-1": "arn:aws:kms:eu-west-1:123456789012:key/k" },
        consumerReach: { accountIds: ["210987654321"] },
        canary: true,
        vpcEndpoints: { vpcId: "vpc-0123456789abcdef0" },
        deletionProtection: true,
        revokeKeysOnDestroy: false,
        recoveryWindowInDays: 7,
      });
    } catch (error) {
      problems = (error as RotatedApiKeyArgsError).problems;
    }

    // Assess: what the member honours (deletionProtection, revokeKeysOnDestroy, recoveryWindowInDays) is not named.
    expect(problems).toEqual([
      '`consumerReach` is not available to a fleet member (received {"accountIds":["210987654321"]}): the fleet\'s function reads consumer metrics only in its own account and region (its environment has no per-member consumer accounts or regions, and no member gets observability sinks), so consumers elsewhere would not hold back a revocation. Remove it, or give this key its own function (no `fleet`).',
      "`replicaRegions` is not available to a fleet member (received [\"eu-west-1\"]): consumers in a replica's region read their local replica, and the fleet's function reads consumer metrics only in its own region, so their use would not hold back a revocation. Remove it, or give this key its own function (no `fleet`).",
      '`replicaKmsKeyIds` is not available to a fleet member (received {"eu-west-1":"arn:aws:kms:eu-west-1:123456789012:key/k"}): it configures replicas (`replicaRegions`), which a member cannot have: the fleet\'s function reads consumer metrics only in its own region. Remove it, or give this key its own function (no `fleet`).',
      '`vpcEndpoints` is not available to a fleet member (received {"vpcId":"vpc-0123456789abcdef0"}): the endpoints serve the rotation function\'s subnets, and a member has no function: give the fleet `vpc` and create the endpoints for those subnets once. Remove it, or give this key its own function (no `fleet`).',
      "`canary` is not available to a fleet member (received true): the canary's alarm watches `CanaryKeyUsed` by secret name, and the fleet's function emits its metrics by fleet, not by secret. Remove it, or give this key its own function (no `fleet`).",
    ]);
  });
});
