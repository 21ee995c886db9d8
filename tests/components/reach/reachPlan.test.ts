import { planReach } from "../../../components/reach/reachPlan";
import { problemsOf, type ArgsCase } from "../argProblems";
import { CONSUMER_ROLE_ARN, KMS_KEY_ARN, defaultArgs } from "../componentArgs";

const VPC = { subnetIds: ["subnet-0123456789abcdef0"], securityGroupIds: ["sg-0123456789abcdef0"] };
const EU_KEY = "arn:aws:kms:eu-west-1:123456789012:key/mrk-1234abcd12ab34cd56ef1234567890ab";

/** Mistakes in `consumerReach`, `replicaRegions`, `replicaKmsKeyIds`, `operatorPrincipals` and `vpcEndpoints`. */
const cases: ArgsCase[] = [
  [
    "a replica region that is no region name",
    "nylas-key",
    { replicaRegions: ["eu-west-1", "Frankfurt"] },
    ['`replicaRegions[1]` must be an AWS region name like eu-west-1 (received "Frankfurt").'],
  ],
  [
    "a repeated replica region",
    "nylas-key",
    { replicaRegions: ["eu-west-1", "eu-west-1"] },
    ['`replicaRegions[1]` repeats "eu-west-1": list each value once.'],
  ],
  [
    "more than 20 replica regions",
    "nylas-key",
    { replicaRegions: Array.from({ length: 21 }, (_, i) => `eu-test-${i + 1}`) },
    [
      "`replicaRegions` must list at most 20 entries (received 21).",
      "`consumerReach.regions` and `replicaRegions` together name 21 regions; the rotation Lambda reads consumer metrics in at most 20. Drop regions where no consumer runs.",
    ],
  ],
  [
    "replicas without a key per region while the primary uses a CMK",
    "nylas-key",
    {
      kmsKeyId: KMS_KEY_ARN,
      replicaRegions: ["eu-west-1", "ap-southeast-2"],
      replicaKmsKeyIds: { "eu-west-1": EU_KEY },
    },
    [
      "`replicaKmsKeyIds` must name a KMS key for each replica region when `kmsKeyId` is set (missing: ap-southeast-2): a KMS key lives in one region, and a replica without one falls back to that region's `aws/secretsmanager` key, which consumers in other accounts cannot use. Give each region a customer managed key (or a multi-Region key's replica).",
    ],
  ],
  [
    "a replica key for a region that is not replicated",
    "nylas-key",
    { replicaRegions: ["eu-west-1"], replicaKmsKeyIds: { "eu-central-1": EU_KEY } },
    [
      '`replicaKmsKeyIds` names "eu-central-1", which is not in `replicaRegions` (["eu-west-1"]). Remove it, or add the region to `replicaRegions`.',
    ],
  ],
  [
    "a consumer account that is no account id, and createSinks that is no boolean",
    "nylas-key",
    { consumerReach: { accountIds: ["21098765432"], createSinks: "yes" as never } },
    [
      '`consumerReach.accountIds[0]` must be a 12-digit AWS account id (received "21098765432").',
      '`consumerReach.createSinks` must be true or false (received "yes"). Omit it to create the sinks.',
    ],
  ],
  [
    "createSinks without accounts",
    "nylas-key",
    { consumerReach: { regions: ["eu-west-1"], createSinks: true } },
    [
      "`consumerReach.createSinks` needs `consumerReach.accountIds`: a sink only lets other accounts link their metrics. List the accounts, or omit `createSinks`.",
    ],
  ],
  [
    "consumerReach that is a list",
    "nylas-key",
    { consumerReach: ["eu-west-1"] as never },
    [
      '`consumerReach` must be an object like { regions?, accountIds?, createSinks? } (received ["eu-west-1"]). Omit it when every consumer runs in the key\'s account and region.',
    ],
  ],
  [
    "operators without consumers, and an operator that is a group",
    "nylas-key",
    { operatorPrincipals: ["arn:aws:iam::123456789012:group/ops"] },
    [
      "`operatorPrincipals` needs `consumerPrincipals`: without it the secret has no resource policy, and identity policies alone decide who reads it. Omit `operatorPrincipals`.",
      '`operatorPrincipals[0]` must be an IAM role or user ARN, arn:aws:iam::<account>:role/<name> or arn:aws:iam::<account>:user/<name> (received "arn:aws:iam::123456789012:group/ops"): the resource policy denies every other principal by `aws:PrincipalArn`, which names roles and users only. Pass the operator\'s role or user ARN.',
    ],
  ],
  [
    "VPC endpoints without a VPC, with a bad VPC id",
    "nylas-key",
    { vpcEndpoints: { vpcId: "my-vpc" } },
    [
      "`vpcEndpoints` needs `vpc`: the endpoints serve a rotation Lambda running in your subnets. Set `vpc`, or omit `vpcEndpoints`.",
      '`vpcEndpoints.vpcId` must be an id like "vpc-0123456789abcdef0" (received "my-vpc"): the VPC of `vpc.subnetIds`.',
    ],
  ],
  [
    "VPC endpoints with an empty subnet list and a non-boolean flag",
    "nylas-key",
    {
      vpc: VPC,
      vpcEndpoints: {
        vpcId: "vpc-0123456789abcdef0",
        subnetIds: [],
        cloudWatchMetrics: 1 as never,
      },
    },
    [
      "`vpcEndpoints.cloudWatchMetrics` must be true or false (received 1).",
      "`vpcEndpoints.subnetIds` must list at least one subnet id when set (received []). Omit it to use `vpc.subnetIds`.",
    ],
  ],
];

describe("planRotatedApiKey: consumer reach, replicas, operators and VPC endpoints", () => {
  it.each(cases)("refuses %s", (_title, name, overrides, expected) => {
    expect(problemsOf(name, { ...defaultArgs, ...overrides })).toEqual(expected);
  });

  it("accepts a full reach configuration and plans it", () => {
    // Act
    const problems: string[] = [];
    const plan = planReach(
      {
        consumerReach: { regions: ["eu-west-1", "ap-southeast-2"], accountIds: ["210987654321"] },
        replicaRegions: ["eu-west-1", "us-west-2"],
        consumerPrincipals: [CONSUMER_ROLE_ARN],
        operatorPrincipals: ["arn:aws:iam::123456789012:role/audit"],
        vpc: VPC,
        vpcEndpoints: { vpcId: "vpc-0123456789abcdef0", cloudWatchMetrics: false },
      },
      "us-east-1",
      problems,
    );

    // Assess
    expect(problems).toEqual([]);
    expect(plan).toEqual({
      consumerRegions: ["eu-west-1", "ap-southeast-2", "us-west-2"],
      consumerAccountIds: ["210987654321"],
      createSinks: true,
      replicaRegions: ["eu-west-1", "us-west-2"],
      vpcEndpoints: { cloudWatchMetrics: false },
    });
  });

  it("refuses the key's own region as a replica or consumer region when the program knows it", () => {
    // Act
    const problems: string[] = [];
    planReach(
      { replicaRegions: ["us-east-1"], consumerReach: { regions: ["us-east-1"] } },
      "us-east-1",
      problems,
    );

    // Assess
    expect(problems).toEqual([
      '`replicaRegions[0]` must not be "us-east-1", the key\'s own region (the primary): a secret cannot be replicated to it. Remove it.',
      '`consumerReach.regions[0]` must not be "us-east-1", the key\'s own region, whose consumer metrics are always read. Remove it.',
    ]);
  });

  it("plans no sinks when the account already has them, and no endpoints when they exist", () => {
    // Act
    const problems: string[] = [];
    const plan = planReach(
      {
        consumerReach: { accountIds: ["210987654321"], createSinks: false },
        vpc: VPC,
        vpcEndpoints: { vpcId: "vpc-0123456789abcdef0", useExisting: true },
      },
      undefined,
      problems,
    );

    // Assess
    expect(problems).toEqual([]);
    expect(plan).toEqual({
      consumerRegions: [],
      consumerAccountIds: ["210987654321"],
      createSinks: false,
      replicaRegions: [],
    });
  });
});
