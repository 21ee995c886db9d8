import * as pulumi from "@pulumi/pulumi";
import type { RotatedApiKey } from "../../../components";
import { CONSUMER_ROLE_ARN, KMS_KEY_ARN, defaultArgs } from "../componentArgs";
import { T, deploy, only } from "../componentHarness";
import { ACCOUNT_ID, installPulumiMocks, promiseOf } from "../pulumiMocks";

const mocks = installPulumiMocks();

const SINK = "aws:oam/sink:Sink";
const SINK_POLICY = "aws:oam/sinkPolicy:SinkPolicy";
const ENDPOINT = "aws:ec2/vpcEndpoint:VpcEndpoint";
const SECURITY_GROUP = "aws:ec2/securityGroup:SecurityGroup";
const CONSUMER_ACCOUNT = "210987654321";
const EU_KEY = "arn:aws:kms:eu-west-1:123456789012:key/mrk-1234abcd12ab34cd56ef1234567890ab";
const OTHER_ACCOUNT_ROLE = "arn:aws:iam::333344445555:role/reporting";
const AUDIT_ROLE = `arn:aws:iam::${ACCOUNT_ID}:role/audit`;
const tags = {
  owner: "platform-team",
  purpose: "calendar sync",
  environment: "test",
  vendor: "nylas",
};

function variables(): Record<string, string> {
  const fn = only(mocks, T.function, "reach-key-rotation").inputs as {
    environment: { variables: Record<string, string> };
  };
  return fn.environment.variables;
}

describe("RotatedApiKey with replicas, consumers in other regions and accounts, and operators", () => {
  let key: RotatedApiKey;
  let warn: jest.SpyInstance;
  beforeAll(async () => {
    warn = jest.spyOn(pulumi.log, "warn").mockImplementation(() => Promise.resolve());
    key = await deploy(mocks, "reach-key", {
      ...defaultArgs,
      kmsKeyId: KMS_KEY_ARN,
      replicaRegions: ["eu-west-1"],
      replicaKmsKeyIds: { "eu-west-1": EU_KEY },
      consumerReach: { regions: ["ap-southeast-2"], accountIds: [CONSUMER_ACCOUNT] },
      consumerPrincipals: [CONSUMER_ROLE_ARN, OTHER_ACCOUNT_ROLE],
      operatorPrincipals: [AUDIT_ROLE],
    });
  });

  afterAll(() => warn.mockRestore());

  it("warns that a consumer account found only in consumerPrincipals gates revocation until it links", () => {
    expect(warn.mock.calls.map((c) => c[0])).toEqual([
      'RotatedApiKey "reach-key": `consumerPrincipals` names account(s) 333344445555 outside the key\'s account, not listed in `consumerReach.accountIds`. Their consumer metrics are unreachable until each links to a CloudWatch observability sink of this account, so revocation of the previous key will wait for `lifecycle.revokeHardLimitHours` after every rotation. See docs/cross-account-and-regions.md.',
    ]);
  });

  it("replicates the secret with the region's own KMS key", () => {
    expect(only(mocks, T.secret, "reach-key").inputs).toEqual({
      description:
        'nylas API key rotated by RotatedApiKey "reach-key"; read apiKey from AWSCURRENT.',
      kmsKeyId: KMS_KEY_ARN,
      tags,
      replicas: [{ region: "eu-west-1", kmsKeyId: EU_KEY }],
    });
  });

  it("tells the Lambda every consumer region (declared and replica) and account (declared and from consumerPrincipals)", () => {
    expect(variables()).toMatchObject({
      ROTATION_CONSUMER_REGIONS: "ap-southeast-2,eu-west-1",
      ROTATION_CONSUMER_ACCOUNTS: `${CONSUMER_ACCOUNT},333344445555`,
    });
  });

  it("creates a sink whose policy lets only the consumer account link metrics, in the key's region and each consumer region", async () => {
    const sinks = mocks.ofType(SINK).map((r) => ({ name: r.name, inputs: r.inputs }));
    expect(sinks).toEqual([
      { name: "reach-key-metrics", inputs: { name: "rotated-api-key-reach-key", tags } },
      {
        name: "reach-key-metrics-ap-southeast-2",
        inputs: { name: "rotated-api-key-reach-key", region: "ap-southeast-2", tags },
      },
      {
        name: "reach-key-metrics-eu-west-1",
        inputs: { name: "rotated-api-key-reach-key", region: "eu-west-1", tags },
      },
    ]);
    const policy = only(mocks, SINK_POLICY, "reach-key-metrics-eu-west-1").inputs;
    expect({ ...policy, policy: JSON.parse(policy.policy as string) }).toEqual({
      sinkIdentifier: `arn:aws:oam:eu-west-1:${ACCOUNT_ID}:sink/reach-key-metrics-eu-west-1-0a1b2c3d`,
      region: "eu-west-1",
      policy: {
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "ConsumerAccountsLinkTheirMetrics",
            Effect: "Allow",
            Principal: { AWS: [CONSUMER_ACCOUNT] },
            Action: ["oam:CreateLink", "oam:UpdateLink"],
            Resource: "*",
            Condition: {
              "ForAllValues:StringEquals": { "oam:ResourceTypes": ["AWS::CloudWatch::Metric"] },
            },
          },
        ],
      },
    });
    expect(await promiseOf(key.observabilitySinkArns!)).toEqual([
      `arn:aws:oam:us-east-1:${ACCOUNT_ID}:sink/reach-key-metrics-0a1b2c3d`,
      `arn:aws:oam:ap-southeast-2:${ACCOUNT_ID}:sink/reach-key-metrics-ap-southeast-2-0a1b2c3d`,
      `arn:aws:oam:eu-west-1:${ACCOUNT_ID}:sink/reach-key-metrics-eu-west-1-0a1b2c3d`,
    ]);
    expect(key.reach?.observabilitySinks.map((s) => s.region)).toEqual([
      undefined,
      "ap-southeast-2",
      "eu-west-1",
    ]);
  });

  it("exempts the operators from the deny, and only from the deny", () => {
    const policy = JSON.parse(
      only(mocks, T.secretPolicy, "reach-key-policy").inputs.policy as string,
    ) as { Statement: Array<Record<string, unknown>> };
    expect(policy.Statement[0]).toMatchObject({
      Sid: "ConsumersReadTheKey",
      Principal: { AWS: [CONSUMER_ROLE_ARN, OTHER_ACCOUNT_ROLE] },
    });
    expect(policy.Statement[1]).toEqual({
      Sid: "NobodyElseReadsTheKey",
      Effect: "Deny",
      Principal: "*",
      Action: "secretsmanager:GetSecretValue",
      Resource: "*",
      Condition: {
        ArnNotEquals: {
          "aws:PrincipalArn": [
            CONSUMER_ROLE_ARN,
            OTHER_ACCOUNT_ROLE,
            `arn:aws:iam::${ACCOUNT_ID}:role/reach-key-rotation-1a2b3c4`,
            AUDIT_ROLE,
          ],
        },
      },
    });
  });

  it("creates no VPC endpoint without vpcEndpoints", () => {
    expect(mocks.ofType(ENDPOINT)).toEqual([]);
    expect(mocks.ofType(SECURITY_GROUP)).toEqual([]);
  });
});

describe("RotatedApiKey without reach arguments", () => {
  it("sets no consumer-reach variable, creates no sink, and leaves the secret without replicas", async () => {
    // Act
    const key = await deploy(mocks, "plain-key", {
      ...defaultArgs,
      consumerPrincipals: [CONSUMER_ROLE_ARN],
    });

    // Assess
    const fn = only(mocks, T.function, "plain-key-rotation").inputs as {
      environment: { variables: Record<string, string> };
    };
    expect(
      Object.keys(fn.environment.variables).filter((v) => v.startsWith("ROTATION_CONSUMER")),
    ).toEqual([]);
    expect(mocks.ofType(SINK)).toEqual([]);
    expect(key.observabilitySinkArns).toBeUndefined();
    expect(only(mocks, T.secret, "plain-key").inputs).not.toHaveProperty("replicas");
  });
});

describe("RotatedApiKey with replicas only", () => {
  it("reads consumer metrics in the replica regions (plain variable), lists metrics, and creates no sink", async () => {
    // Act
    await deploy(mocks, "replica-key", {
      ...defaultArgs,
      replicaRegions: ["eu-west-1", "us-west-2"],
    });

    // Assess
    const fn = only(mocks, T.function, "replica-key-rotation").inputs as {
      environment: { variables: Record<string, string> };
    };
    expect(fn.environment.variables.ROTATION_CONSUMER_REGIONS).toBe("eu-west-1,us-west-2");
    expect(fn.environment.variables).not.toHaveProperty("ROTATION_CONSUMER_ACCOUNTS");
    expect(only(mocks, T.secret, "replica-key").inputs.replicas).toEqual([
      { region: "eu-west-1" },
      { region: "us-west-2" },
    ]);
    const policy = JSON.parse(
      only(mocks, T.rolePolicy, "replica-key-rotation").inputs.policy as string,
    ) as {
      Statement: Array<{ Sid: string; Action: unknown }>;
    };
    expect(policy.Statement.find((st) => st.Sid === "ReadConsumerMetrics")?.Action).toEqual([
      "cloudwatch:GetMetricData",
      "cloudwatch:ListMetrics",
    ]);
    expect(mocks.ofType(SINK)).toEqual([]);
  });
});

describe("RotatedApiKey with VPC endpoints", () => {
  const vpc = {
    subnetIds: ["subnet-0123456789abcdef0", "subnet-0fedcba9876543210"],
    securityGroupIds: ["sg-0123456789abcdef0"],
  };

  it("creates Secrets Manager and CloudWatch metrics endpoints with private DNS, reachable on 443 from the Lambda's groups only", async () => {
    // Act
    await deploy(mocks, "private-key", {
      ...defaultArgs,
      vpc,
      vpcEndpoints: { vpcId: "vpc-0123456789abcdef0" },
    });

    // Assess
    expect(only(mocks, SECURITY_GROUP, "private-key-endpoints").inputs).toEqual({
      vpcId: "vpc-0123456789abcdef0",
      description:
        'HTTPS from the rotation Lambda of RotatedApiKey "private-key" to its VPC endpoints',
      ingress: [
        {
          description: "HTTPS from the rotation Lambda",
          protocol: "tcp",
          fromPort: 443,
          toPort: 443,
          securityGroups: ["sg-0123456789abcdef0"],
        },
      ],
      tags,
    });
    const endpoint = (service: string) => ({
      vpcId: "vpc-0123456789abcdef0",
      serviceName: `com.amazonaws.us-east-1.${service}`,
      vpcEndpointType: "Interface",
      privateDnsEnabled: true,
      subnetIds: vpc.subnetIds,
      securityGroupIds: ["sg-0e1d2c3b4a5968778"],
      tags,
    });
    expect(only(mocks, ENDPOINT, "private-key-secretsmanager").inputs).toEqual(
      endpoint("secretsmanager"),
    );
    expect(only(mocks, ENDPOINT, "private-key-monitoring").inputs).toEqual(endpoint("monitoring"));
  });

  it("makes the rotation schedule (whose first rotation runs at once) wait for the Secrets Manager endpoint", () => {
    const rotation = only(mocks, T.rotation, "private-key");
    expect(rotation.dependencies).toContain(
      "urn:pulumi:stack::project::rotated-api-key:index:RotatedApiKey$aws:ec2/vpcEndpoint:VpcEndpoint::private-key-secretsmanager",
    );
  });

  it("creates only the Secrets Manager endpoint without cloudWatchMetrics, and nothing with useExisting", async () => {
    // Act
    await deploy(mocks, "private-key", {
      ...defaultArgs,
      vpc,
      vpcEndpoints: {
        vpcId: "vpc-0123456789abcdef0",
        cloudWatchMetrics: false,
        subnetIds: ["subnet-0aaaaaaaaaaaaaaaa"],
      },
    });
    const onlySecrets = mocks.ofType(ENDPOINT).map((r) => [r.name, r.inputs.subnetIds]);
    await deploy(mocks, "private-key", {
      ...defaultArgs,
      vpc,
      vpcEndpoints: { vpcId: "vpc-0123456789abcdef0", useExisting: true },
    });

    // Assess
    expect(onlySecrets).toEqual([["private-key-secretsmanager", ["subnet-0aaaaaaaaaaaaaaaa"]]]);
    expect(mocks.ofType(ENDPOINT)).toEqual([]);
    expect(mocks.ofType(SECURITY_GROUP)).toEqual([]);
  });
});
