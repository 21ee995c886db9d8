import { RotatedApiKey, type RotatedApiKeyArgs } from "../../components";
import { settle, type PulumiMocks, type RecordedResource } from "./pulumiMocks";

/** Type tokens of the component and its children. */
export const T = {
  component: "rotated-api-key:index:RotatedApiKey",
  secret: "aws:secretsmanager/secret:Secret",
  secretVersion: "aws:secretsmanager/secretVersion:SecretVersion",
  secretPolicy: "aws:secretsmanager/secretPolicy:SecretPolicy",
  rotation: "aws:secretsmanager/secretRotation:SecretRotation",
  logGroup: "aws:cloudwatch/logGroup:LogGroup",
  role: "aws:iam/role:Role",
  rolePolicy: "aws:iam/rolePolicy:RolePolicy",
  function: "aws:lambda/function:Function",
  permission: "aws:lambda/permission:Permission",
  invocation: "aws:lambda/invocation:Invocation",
} as const;

export const TRUST_POLICY = {
  Version: "2012-10-17",
  Statement: [
    {
      Sid: "LambdaAssumesRole",
      Effect: "Allow",
      Principal: { Service: "lambda.amazonaws.com" },
      Action: "sts:AssumeRole",
    },
  ],
};
export const ROTATION_ACTIONS = [
  "secretsmanager:DescribeSecret",
  "secretsmanager:GetSecretValue",
  "secretsmanager:PutSecretValue",
  "secretsmanager:UpdateSecretVersionStage",
  "secretsmanager:ListSecretVersionIds",
];
/** The rotation role's statement removing only its own request tags on `secretArn`. */
export function settleRequestTagsStatement(secretArn: string): Record<string, unknown> {
  return {
    Sid: "SettleRequestTags",
    Effect: "Allow",
    Action: "secretsmanager:UntagResource",
    Resource: secretArn,
    Condition: {
      "ForAllValues:StringEquals": {
        "aws:TagKeys": [
          "RotatedApiKey:Emergency",
          "RotatedApiKey:EmergencyMode",
          "RotatedApiKey:RequestedBy",
          "RotatedApiKey:RequestToken",
        ],
      },
      Null: { "aws:TagKeys": "false" },
    },
  };
}

/** Constructs a component on freshly reset mocks and waits until all its children are registered. */
export async function deploy(
  mocks: PulumiMocks,
  name: string,
  args: RotatedApiKeyArgs,
): Promise<RotatedApiKey> {
  mocks.reset();
  const key = new RotatedApiKey(name, args);
  await settle(key);
  return key;
}

/** The one recorded resource of this type and name. */
export function only(mocks: PulumiMocks, type: string, name: string): RecordedResource {
  const found = mocks.ofType(type).filter((r) => r.name === name);
  expect(found).toHaveLength(1);
  return found[0] as RecordedResource;
}

/** `type::name` of every custom resource recorded, sorted. */
export function childList(mocks: PulumiMocks): string[] {
  return mocks.resources
    .filter((r) => r.custom)
    .map((r) => `${r.type}::${r.name}`)
    .sort();
}
