import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import type { PolicyDocument } from "../rotationPolicy";

/** The resource type a consumer account's link must share: CloudWatch metrics only. */
export const LINKED_METRICS_RESOURCE_TYPE = "AWS::CloudWatch::Metric";

/** One region's CloudWatch cross-account observability sink and its policy. */
export interface ObservabilitySink {
  /** The region, or undefined for the provider's own. */
  readonly region?: string;
  readonly sink: aws.oam.Sink;
  readonly policy: aws.oam.SinkPolicy;
}

/**
 * The sink policy: the consumer accounts may create (and update) links to
 * this sink, and share CloudWatch metrics through them, nothing else.
 */
export function sinkPolicy(accountIds: readonly string[]): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "ConsumerAccountsLinkTheirMetrics",
        Effect: "Allow",
        Principal: { AWS: [...accountIds] },
        Action: ["oam:CreateLink", "oam:UpdateLink"],
        Resource: "*",
        Condition: {
          "ForAllValues:StringEquals": { "oam:ResourceTypes": [LINKED_METRICS_RESOURCE_TYPE] },
        },
      },
    ],
  };
}

/**
 * A sink in the key's region and in each consumer region, so that consumer
 * accounts link their metrics to this (monitoring) account wherever their
 * services run; the rotation Lambda then reads them with `AccountId`.
 */
export function createObservabilitySinks(input: {
  readonly name: string;
  readonly regions: readonly string[];
  readonly accountIds: readonly string[];
  readonly tags: Record<string, string>;
  readonly parent: pulumi.Resource;
}): ObservabilitySink[] {
  const { name, parent } = input;
  return [undefined, ...input.regions].map((region) => {
    const suffix = region === undefined ? "" : `-${region}`;
    const sink = new aws.oam.Sink(
      `${name}-metrics${suffix}`,
      {
        name: `rotated-api-key-${name}`,
        ...(region === undefined ? {} : { region }),
        tags: input.tags,
      },
      { parent },
    );
    const policy = new aws.oam.SinkPolicy(
      `${name}-metrics${suffix}`,
      {
        sinkIdentifier: sink.arn,
        policy: JSON.stringify(sinkPolicy(input.accountIds)),
        ...(region === undefined ? {} : { region }),
      },
      { parent },
    );
    return { ...(region === undefined ? {} : { region }), sink, policy };
  });
}
