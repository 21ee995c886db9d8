/**
 * What one scheduled maintenance run of a fleet function costs per member,
 * counted on the wire against moto: the Secrets Manager calls (by operation)
 * and the bytes of logs and EMF records it writes. The cost model prices a
 * fleet with these figures. Needs moto (`MOTO_ENDPOINT`) and the Lambda bundle.
 */
import { captureOutput } from "../harness/captureOutput";
import { startFaultProxy } from "../harness/aws/faultProxy";
import { motoEndpoint } from "../harness/aws/motoClients";
import { createFleetWorld } from "../harness/fleetWorld";
import { loadBundledHandler } from "../harness/bundle";
import { maintenanceEvent } from "../lambdas/contract/events";

/** What {@link fleetMaintenanceBench} reports. */
export interface FleetMaintenanceBenchResult {
  /** Members of the measured fleet, each rotated once before the runs. */
  readonly members: number;
  /** Maintenance runs counted, each by a cold copy of the function. */
  readonly runs: number;
  /** Secrets Manager calls per member per run, `ListSecrets` left out. */
  readonly secretsManagerCallsPerMemberPerRun: number;
  /** `ListSecrets` calls per run (one per page of 100 members). */
  readonly listSecretsCallsPerRun: number;
  /** Calls per member per run by operation (`ListSecrets` per run). */
  readonly secretsManagerCallsByOperation: Readonly<Record<string, number>>;
  /** Bytes the function wrote to stdout and stderr (JSON logs and EMF) per member per run. */
  readonly logBytesPerMemberPerRun: number;
}

const round = (n: number) => Math.round(n * 100) / 100;

/**
 * Provisions a fleet of `members` secrets in moto, rotates each once (so
 * maintenance finds a current key and a vendor key to check), then runs
 * `runs` scheduled maintenance runs through a counting proxy, each with a
 * cold copy of the bundle (hourly runs rarely find a warm function).
 */
export async function fleetMaintenanceBench(
  members = 20,
  runs = 3,
): Promise<FleetMaintenanceBenchResult> {
  const proxy = await startFaultProxy(motoEndpoint());
  const output = captureOutput();
  const world = await createFleetWorld(
    "cost",
    Array.from({ length: members }, () => ({ overlapHours: 24 })),
    { env: { AWS_ENDPOINT_URL_SECRETS_MANAGER: proxy.endpoint } },
  );
  try {
    for (const member of world.members) {
      const outcome = await world.orchestrator.rotate(member.secretArn);
      if (!outcome.ok) throw outcome.error ?? new Error("rotation failed");
    }
    proxy.resetCounts();
    const before = output.text().length;
    for (let i = 0; i < runs; i++) {
      const report = (await loadBundledHandler(world.env)(maintenanceEvent("maintain"))) as {
        maintained: number;
      };
      if (report.maintained !== members) {
        throw new Error(`maintenance maintained ${report.maintained} of ${members} members`);
      }
    }
    const logBytes = Buffer.byteLength(output.text().slice(before), "utf8");
    const { ListSecrets: list = 0, ...perMember } = proxy.counts;
    const memberCalls = Object.values(perMember).reduce((a, b) => a + b, 0);
    return {
      members,
      runs,
      secretsManagerCallsPerMemberPerRun: round(memberCalls / members / runs),
      listSecretsCallsPerRun: round(list / runs),
      secretsManagerCallsByOperation: {
        ...Object.fromEntries(
          Object.entries(perMember).map(([op, n]) => [op, round(n / members / runs)]),
        ),
        ListSecrets: round(list / runs),
      },
      logBytesPerMemberPerRun: Math.round(logBytes / members / runs),
    };
  } finally {
    output.restore();
    await world.stop();
    await proxy.close();
  }
}
