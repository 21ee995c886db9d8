import { CreateRoleCommand, EntityAlreadyExistsException, IAMClient } from "@aws-sdk/client-iam";
import {
  CreateFunctionCommand,
  LambdaClient,
  ResourceConflictException,
} from "@aws-sdk/client-lambda";
import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { strToU8, zipSync } from "fflate";

/** Static credentials and region every test and the drill use against moto. */
export const MOTO_REGION = "us-east-1";
export const MOTO_ACCOUNT = "123456789012";
export const MOTO_CREDENTIALS = { accessKeyId: "testing", secretAccessKey: "testing" } as const;

/** The moto endpoint started by jest's global setup (or the drill). */
export function motoEndpoint(): string {
  const endpoint = process.env.MOTO_ENDPOINT;
  if (endpoint === undefined) {
    throw new Error(
      "MOTO_ENDPOINT is not set: run the tests through jest (its global setup starts moto).",
    );
  }
  return endpoint;
}

const clientConfig = (endpoint: string) => ({
  endpoint,
  region: MOTO_REGION,
  credentials: MOTO_CREDENTIALS,
});

export function secretsManagerClient(endpoint = motoEndpoint()): SecretsManagerClient {
  return new SecretsManagerClient(clientConfig(endpoint));
}

/**
 * Creates (once per name) an IAM role and a stub Lambda function in moto, so
 * `RotateSecret` has a real function ARN. With moto's lambda `use_docker` off,
 * moto creates the valueless AWSPENDING version as AWS does and runs nothing;
 * the orchestrator then invokes our bundle for each step itself.
 */
export async function ensureStubRotationFunction(endpoint: string, name: string): Promise<string> {
  const iam = new IAMClient(clientConfig(endpoint));
  const lambda = new LambdaClient(clientConfig(endpoint));
  const roleName = `${name}-role`;
  try {
    await iam.send(
      new CreateRoleCommand({
        RoleName: roleName,
        AssumeRolePolicyDocument: JSON.stringify({
          Version: "2012-10-17",
          Statement: [
            {
              Effect: "Allow",
              Principal: { Service: "lambda.amazonaws.com" },
              Action: "sts:AssumeRole",
            },
          ],
        }),
      }),
    );
  } catch (error) {
    if (!(error instanceof EntityAlreadyExistsException)) throw error;
  }
  try {
    const created = await lambda.send(
      new CreateFunctionCommand({
        FunctionName: name,
        Runtime: "nodejs22.x",
        Role: `arn:aws:iam::${MOTO_ACCOUNT}:role/${roleName}`,
        Handler: "index.handler",
        Code: { ZipFile: zipSync({ "index.js": strToU8("exports.handler = async () => {};\n") }) },
      }),
    );
    if (created.FunctionArn) return created.FunctionArn;
  } catch (error) {
    if (!(error instanceof ResourceConflictException)) throw error;
  }
  return `arn:aws:lambda:${MOTO_REGION}:${MOTO_ACCOUNT}:function:${name}`;
}
