import { runSimulation } from "@cloud-copilot/iam-simulate";
import type { PolicyDocument } from "../../components/rotationPolicy";

/** One request to evaluate against a principal's identity policy and a resource's policy. */
export interface SimulatedRequest {
  readonly principal: string;
  readonly action: string;
  readonly resource: string;
  readonly identityPolicy?: PolicyDocument;
  readonly resourcePolicy?: PolicyDocument;
  readonly context?: Record<string, string | string[]>;
}

/** The decision AWS would make: "Allowed", "ExplicitlyDenied" or "ImplicitlyDenied". Throws if the simulator rejects the input. */
export async function decide(request: SimulatedRequest): Promise<string> {
  const resourceAccount =
    /^arn:[^:]+:[^:]+:[^:]*:(\d{12}):/.exec(request.resource)?.[1] ?? accountOf(request.principal);
  const result = await runSimulation(
    {
      request: {
        principal: request.principal,
        action: request.action,
        resource: { resource: request.resource, accountId: resourceAccount },
        contextVariables: request.context ?? {},
      },
      identityPolicies: request.identityPolicy
        ? [{ name: "identity", policy: request.identityPolicy }]
        : [],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      ...(request.resourcePolicy ? { resourcePolicy: request.resourcePolicy } : {}),
    },
    {},
  );
  if (result.resultType === "error") {
    throw new Error(
      `iam-simulate rejected ${request.action} on ${request.resource}: ${JSON.stringify(result.errors)}`,
    );
  }
  return result.overallResult;
}

function accountOf(principal: string): string {
  return /:(\d{12}):/.exec(principal)?.[1] ?? "123456789012";
}
