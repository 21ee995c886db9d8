import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/**
 * The AWS APIs the rotation Lambda calls from its subnets, by endpoint
 * service: Secrets Manager on every step; CloudWatch metrics (`GetMetricData`,
 * `ListMetrics`) in maintenance runs. Logs and EMF metrics need no endpoint:
 * Lambda ships the function's output itself, outside the VPC.
 */
export const ENDPOINT_SERVICES = {
  secretsManager: "secretsmanager",
  cloudWatchMetrics: "monitoring",
} as const;

/** The endpoints' security group and the interface endpoints. */
export interface VpcEndpointResources {
  readonly securityGroup: aws.ec2.SecurityGroup;
  readonly secretsManager: aws.ec2.VpcEndpoint;
  readonly cloudWatchMetrics?: aws.ec2.VpcEndpoint;
}

/** `com.amazonaws.<region>.<service>` for the region in a secret's ARN. */
export function endpointServiceName(secretArn: string, service: string): string {
  const region = secretArn.split(":")[3];
  return `com.amazonaws.${region}.${service}`;
}

/**
 * Interface endpoints with private DNS, so the SDK's default hostnames
 * (`secretsmanager.<region>.amazonaws.com`) resolve to addresses inside the
 * VPC, and a security group that admits HTTPS from the Lambda's groups only.
 */
export function createVpcEndpoints(input: {
  readonly name: string;
  readonly vpcId: pulumi.Input<string>;
  readonly subnetIds: pulumi.Input<string>[];
  readonly lambdaSecurityGroupIds: pulumi.Input<string>[];
  readonly secretArn: pulumi.Input<string>;
  readonly cloudWatchMetrics: boolean;
  readonly tags: Record<string, string>;
  readonly parent: pulumi.Resource;
}): VpcEndpointResources {
  const { name, parent } = input;
  const securityGroup = new aws.ec2.SecurityGroup(
    `${name}-endpoints`,
    {
      vpcId: input.vpcId,
      description: `HTTPS from the rotation Lambda of RotatedApiKey "${name}" to its VPC endpoints`,
      ingress: [
        {
          description: "HTTPS from the rotation Lambda",
          protocol: "tcp",
          fromPort: 443,
          toPort: 443,
          securityGroups: input.lambdaSecurityGroupIds,
        },
      ],
      tags: input.tags,
    },
    { parent },
  );
  const endpoint = (service: string) =>
    new aws.ec2.VpcEndpoint(
      `${name}-${service}`,
      {
        vpcId: input.vpcId,
        serviceName: pulumi
          .output(input.secretArn)
          .apply((arn) => endpointServiceName(arn, service)),
        vpcEndpointType: "Interface",
        privateDnsEnabled: true,
        subnetIds: input.subnetIds,
        securityGroupIds: [securityGroup.id],
        tags: input.tags,
      },
      { parent },
    );
  return {
    securityGroup,
    secretsManager: endpoint(ENDPOINT_SERVICES.secretsManager),
    ...(input.cloudWatchMetrics
      ? { cloudWatchMetrics: endpoint(ENDPOINT_SERVICES.cloudWatchMetrics) }
      : {}),
  };
}
