import type { RevocationOutcome, RollbackOutcome } from "../../lambdas/contract/reports";
import { maintenanceEvent } from "../../lambdas/contract/events";
import type { Clients } from "../clients";
import { describeRotatedSecret, invokeAction } from "../rotationFunction";

/** `rollback <secret>`: the function moves AWSCURRENT back if the previous key still works. */
export async function rollback(
  clients: Clients,
  secretId: string,
  options: { reason?: string; requestedBy: string },
): Promise<string> {
  const secret = await describeRotatedSecret(clients.secrets, secretId);
  const report = await invokeAction<RollbackOutcome>(
    clients.lambda,
    secret.RotationLambdaARN,
    maintenanceEvent("rollback", {
      // A fleet function serves many secrets: every action names its own.
      secretId: secret.ARN,
      requestedBy: options.requestedBy,
      ...(options.reason ? { reason: options.reason } : {}),
    }),
  );
  return `✓ rolled back ${secret.Name}: key ${report.restoredKeyId} is AWSCURRENT again; key ${report.rolledBackKeyId} is AWSPREVIOUS and will be revoked once unused`;
}

/** `revoke-previous <secret>`: revoke the AWSPREVIOUS key now (refused while in use unless `--force`). */
export async function revokePrevious(
  clients: Clients,
  secretId: string,
  options: { reason?: string; force?: boolean; requestedBy: string },
): Promise<string> {
  const secret = await describeRotatedSecret(clients.secrets, secretId);
  const report = await invokeAction<RevocationOutcome>(
    clients.lambda,
    secret.RotationLambdaARN,
    maintenanceEvent("revokePrevious", {
      secretId: secret.ARN,
      requestedBy: options.requestedBy,
      ...(options.reason ? { reason: options.reason } : {}),
      ...(options.force ? { force: true } : {}),
    }),
  );
  return report.action === "revoked"
    ? `✓ revoked the previous key ${report.keyId} of ${secret.Name}${report.despiteUse ? " (it was still in use)" : ""}`
    : `nothing to revoke for ${secret.Name}: ${report.reason}`;
}
