/**
 * Example Pulumi program: one RotatedApiKey built from the stack's
 * configuration (see the stack configuration table in docs/configuration.md and Pulumi.example.yaml).
 */
import * as pulumi from "@pulumi/pulumi";
import { RotatedApiKey } from "./components";
import { readProgramConfig } from "./example/programConfig";

const { name, args } = readProgramConfig(new pulumi.Config());
const key = new RotatedApiKey(name, args);

export const secretArn = key.secretArn;
export const secretName = key.secretName;
export const functionArn = key.functionArn;
export const functionName = key.functionName;
export const roleArn = key.roleArn;
export const logGroupName = key.logGroupName;
export const adminSecretArn = key.adminSecretArn;
export const rotationIntervalHours = key.rotationIntervalHours;
export const overlapHours = key.overlapHours;
export const notificationTopicArn = key.notificationTopicArn;
export const dashboardName = key.dashboardName;
