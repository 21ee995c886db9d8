import { runSimulation, runUnsafeSimulation } from "@cloud-copilot/iam-simulate";
import type { PolicyDocument } from "../../components/rotationPolicy";

// iam-simulate's unchecked runner loads the resource policy without a name and then reads the
// name (`metadata().name`) for its report; give every policy it loads a name.
jest.mock("@cloud-copilot/iam-policy", () => {
  const actual = jest.requireActual<typeof import("@cloud-copilot/iam-policy")>(
    "@cloud-copilot/iam-policy",
  );
  return {
    ...actual,
    loadPolicy: (policy: unknown, options?: { name?: string }) =>
      actual.loadPolicy(policy as never, options ?? { name: "resource" }),
  };
});

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
  const simulation = {
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
  };
  // iam-simulate's input check knows variable context keys only in the `prefix/name` form and
  // silently drops `kms:EncryptionContext:<name>`; a request carrying one skips that check (the
  // unchecked runner evaluates the same policies with the same engine).
  if (Object.keys(simulation.request.contextVariables).some((k) => ENCRYPTION_CONTEXT.test(k))) {
    return runUnsafeSimulation(simulation, {});
  }
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

const ENCRYPTION_CONTEXT = /^kms:EncryptionContext:/i;

function accountOf(principal: string): string {
  return /:(\d{12}):/.exec(principal)?.[1] ?? "123456789012";
}
