import type { MaintenanceEvent } from "../lambdas/contract/events";
import { InvokeCommand, type LambdaClient } from "@aws-sdk/client-lambda";
import {
  DescribeSecretCommand,
  type DescribeSecretCommandOutput,
  type SecretsManagerClient,
} from "@aws-sdk/client-secrets-manager";
import { CliError } from "./errors";

/** The secret, described; fails with a clear message when it does not exist or is not rotated by us. */
export async function describeRotatedSecret(
  secrets: SecretsManagerClient,
  secretId: string,
): Promise<DescribeSecretCommandOutput & { RotationLambdaARN: string }> {
  let described: DescribeSecretCommandOutput;
  try {
    described = await secrets.send(new DescribeSecretCommand({ SecretId: secretId }));
  } catch (error) {
    if ((error as { name?: string }).name === "ResourceNotFoundException") {
      throw new CliError(`Secret ${secretId} does not exist (or you may not describe it).`);
    }
    throw error;
  }
  if (!described.RotationLambdaARN) {
    throw new CliError(
      `Secret ${described.Name ?? secretId} has no rotation function: is it a RotatedApiKey secret?`,
    );
  }
  return described as DescribeSecretCommandOutput & { RotationLambdaARN: string };
}

/** The function's CloudWatch Logs group (`/aws/lambda/<name>`). */
export function logGroupOf(functionArn: string): string {
  return `/aws/lambda/${functionArn.split(":function:")[1]?.split(":")[0] ?? functionArn}`;
}

/**
 * Invokes the rotation function with a maintenance action and returns its
 * report. The function does the work with its own role and the vendor admin
 * credential, so operators never hold that credential. A refusal or failure in
 * the function becomes a one-line `CliError`.
 */
export async function invokeAction<T>(
  lambda: LambdaClient,
  functionArn: string,
  payload: MaintenanceEvent,
): Promise<T> {
  const out = await lambda.send(
    new InvokeCommand({
      FunctionName: functionArn,
      Payload: new TextEncoder().encode(JSON.stringify(payload)),
    }),
  );
  const text = out.Payload ? new TextDecoder().decode(out.Payload) : "null";
  if (out.FunctionError) {
    let message = text;
    try {
      const parsed = JSON.parse(text) as { errorMessage?: string };
      message = parsed.errorMessage ?? text;
    } catch {
      // not JSON: keep the text
    }
    throw new CliError(message);
  }
  return JSON.parse(text) as T;
}
