import type { RotatedApiKeyArgs } from "../../components";
import { problemsOf, type ArgsCase } from "./argProblems";
import { CONSUMER_ROLE_ARN, defaultArgs } from "./componentArgs";

/** The `owner`, `purpose` and `environment` tags plus further ones, `count` in all. */
function manyTags(count: number): RotatedApiKeyArgs["tags"] {
  const extra = Array.from({ length: count - 3 }, (_, i) => [`t${i}`, "v"]);
  return { owner: "o", purpose: "p", environment: "e", ...Object.fromEntries(extra) };
}

/** Mistakes in the Lambda, encryption, access, network, tag and naming settings. */
const cases: ArgsCase[] = [
  [
    "a non-boolean rotateImmediately",
    "nylas-key",
    { rotateImmediately: "yes" as never },
    [
      '`rotateImmediately` must be true or false (received "yes"). Omit it to rotate as soon as rotation is configured.',
    ],
  ],
  [
    "a KMS alias",
    "nylas-key",
    { kmsKeyId: "alias/my-key" },
    [
      "`kmsKeyId` must be a KMS key ARN, arn:aws:kms:<region>:<account>:key/<key id> (received \"alias/my-key\"): the rotation role's kms:Decrypt and kms:GenerateDataKey grant names the key by ARN. Pass the key's ARN, not an alias or a bare key id.",
    ],
  ],
  [
    "an empty consumer list",
    "nylas-key",
    { consumerPrincipals: [] },
    [
      "`consumerPrincipals` must list at least one IAM role or user ARN when set (received []). Omit it to attach no resource policy.",
    ],
  ],
  [
    "a consumer that is an account id",
    "nylas-key",
    { consumerPrincipals: [CONSUMER_ROLE_ARN, "123456789012"] },
    [
      '`consumerPrincipals[1]` must be an IAM role or user ARN, arn:aws:iam::<account>:role/<name> or arn:aws:iam::<account>:user/<name> (received "123456789012"): the resource policy denies every other principal by `aws:PrincipalArn`, which names roles and users only. Pass the consumer\'s role or user ARN.',
    ],
  ],
  [
    "a VPC without subnets",
    "nylas-key",
    { vpc: { subnetIds: [], securityGroupIds: ["sg-0123456789abcdef0"] } },
    [
      "`vpc.subnetIds` must list at least one id when `vpc` is set (received []). Add ids, or omit `vpc` to run the Lambda outside a VPC.",
    ],
  ],
  [
    "a security group name",
    "nylas-key",
    { vpc: { subnetIds: ["subnet-0123456789abcdef0"], securityGroupIds: ["default"] } },
    [
      '`vpc.securityGroupIds[0]` must be an id like "sg-0123456789abcdef0" (received "default"). Pass the id, not a name or ARN.',
    ],
  ],
  [
    "64 MB of memory",
    "nylas-key",
    { lambdaMemoryMb: 64 },
    [
      "`lambdaMemoryMb` must be a whole number of MB from 128 to 10240 (received 64). Omit it to use the default, 256.",
    ],
  ],
  [
    "a 10-second timeout",
    "nylas-key",
    { lambdaTimeoutSeconds: 10 },
    [
      "`lambdaTimeoutSeconds` must be a whole number of seconds from 30 to 900 (received 10): createSecret needs 20 s to create and store a key, and testSecret retries a new key until the function is about to time out. Use 120 unless you have a reason not to.",
    ],
  ],
  [
    "a retention CloudWatch does not offer",
    "nylas-key",
    { logRetentionDays: 366 },
    [
      "`logRetentionDays` must be one of CloudWatch's retention periods: 0, 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653 (0 = never expire) (received 366). Pick the nearest allowed value.",
    ],
  ],
  [
    "missing and blank inventory tags",
    "nylas-key",
    { tags: { owner: "x", purpose: " ", costCenter: "c" } as never },
    [
      '`tags.purpose` is required: a non-empty string naming what the key is for (received " "). Every rotated key is inventoried by owner, purpose and environment; add it to `tags`.',
      "`tags.environment` is required: a non-empty string naming the deployment environment (received nothing). Every rotated key is inventoried by owner, purpose and environment; add it to `tags`.",
    ],
  ],
  [
    "a vendor tag",
    "nylas-key",
    { tags: { owner: "x", purpose: "p", environment: "e", vendor: "nylas" } },
    [
      '`tags.vendor` is set by the component from `vendor` (received "nylas"). Remove it from `tags`.',
    ],
  ],
  [
    "an aws: tag key",
    "nylas-key",
    { tags: { owner: "x", purpose: "p", environment: "e", "aws:team": "t" } },
    [
      '`tags` key "aws:team" is not allowed: keys are 1-128 letters, digits, spaces and _ . : / = + - @, not starting with "aws:". Rename the tag.',
    ],
  ],
  [
    "an empty tag key",
    "nylas-key",
    { tags: { owner: "x", purpose: "p", environment: "e", "": "t" } },
    [
      '`tags` key "" is not allowed: keys are 1-128 letters, digits, spaces and _ . : / = + - @, not starting with "aws:". Rename the tag.',
    ],
  ],
  [
    "a tag value with a pipe",
    "nylas-key",
    { tags: { owner: "x", purpose: "p", environment: "e", team: "a|b" } },
    [
      '`tags.team` must be a string of at most 256 letters, digits, spaces and _ . : / = + - @ (received "a|b"). Change the value.',
    ],
  ],
  [
    "50 tags of one's own",
    "nylas-key",
    { tags: manyTags(50) },
    [
      "`tags` may hold at most 49 tags: AWS allows 50 and the component adds `vendor` (received 50). Drop some tags.",
    ],
  ],
  [
    "no tags",
    "nylas-key",
    { tags: undefined as never },
    [
      '`tags` must be an object with `owner`, `purpose` and `environment` (received nothing). Pass e.g. `tags: { owner: "platform-team", purpose: "calendar sync", environment: "prod" }`.',
    ],
  ],
  [
    "a key name prefix the Lambda refuses",
    "nylas-key",
    { keyNamePrefix: "-bad prefix" },
    [
      "`keyNamePrefix` must be 1-32 letters, digits, '_', '.' or '-', starting with a letter or digit (received \"-bad prefix\"). Choose another prefix, or omit it to derive one from the component name.",
    ],
  ],
];

describe("planRotatedApiKey's settings checks", () => {
  it.each(cases)("refuse %s", (_title, name, overrides, expected) => {
    // Act
    const problems = problemsOf(name, { ...defaultArgs, ...overrides });
    // Assess
    expect(problems).toEqual(expected);
  });
});
