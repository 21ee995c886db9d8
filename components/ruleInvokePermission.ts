import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";

/** Lets one EventBridge rule, and only it, invoke the rotation function. */
export function ruleInvokePermission(
  name: string,
  rule: aws.cloudwatch.EventRule,
  rotationFunction: aws.lambda.Function,
  opts: pulumi.CustomResourceOptions,
): aws.lambda.Permission {
  return new aws.lambda.Permission(
    name,
    {
      function: rotationFunction.name,
      action: "lambda:InvokeFunction",
      principal: "events.amazonaws.com",
      sourceArn: rule.arn,
    },
    opts,
  );
}
