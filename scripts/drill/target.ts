/**
 * The vendor side of the drill: a simulator from `harness/simulators` (the
 * same ones the scenario suite runs against), or the real vendor API, whose
 * keys the drill revokes when it ends.
 */
import { SIMULATORS } from "../../harness/simulators";
import type { SimKey, VendorSimulator } from "../../harness/simulators/vendorSimulator";
import { createAdapter } from "../../lambdas/vendors/registry";
import type { RealVendor, SimulatedVendor } from "./options";

export interface VendorTarget {
  /** `ROTATION_VENDOR` (a simulator says which adapter drives it). */
  readonly vendor: string;
  readonly vendorOptions: Record<string, unknown>;
  readonly adminCredentialJson: string;
  /** Only with a simulator: faults can be injected and every key listed. */
  readonly sim?: VendorSimulator;
  close(): Promise<void>;
}

export async function startSimulatedVendor(target: SimulatedVendor): Promise<VendorTarget> {
  const start = SIMULATORS[target.simulator];
  if (start === undefined) throw new Error(`no simulator is registered as ${target.simulator}`);
  const sim = await start({});
  return {
    vendor: sim.vendor,
    vendorOptions: sim.vendorOptions,
    adminCredentialJson: sim.adminCredentialJson,
    sim,
    close: () => sim.close(),
  };
}

export function realVendorTarget(target: RealVendor): VendorTarget {
  return {
    vendor: target.vendor,
    vendorOptions: target.vendorOptions,
    adminCredentialJson: target.adminCredentialJson,
    close: async () => undefined,
  };
}

/** Keys a simulator holds (revoked ones included), never their secrets. */
export function simulatorKeys(
  sim: VendorSimulator,
): ReadonlyArray<Pick<SimKey, "id" | "name" | "status">> {
  return sim.keys().map(({ id, name, status }) => ({ id, name, status }));
}

/**
 * Revokes the keys this run created at the real vendor: those whose name ends
 * in one of its rotation tokens (names are `drill-<secret hash>-<token>`).
 * Returns how many were revoked.
 */
export async function revokeDrillKeys(
  target: VendorTarget,
  tokens: readonly string[],
): Promise<number> {
  const adapter = createAdapter(
    { vendor: target.vendor as RealVendor["vendor"], vendorOptions: target.vendorOptions },
    async () => target.adminCredentialJson,
  );
  const ours = (await adapter.listKeys()).filter((k) => tokens.some((t) => k.name.endsWith(t)));
  for (const key of ours) await adapter.revokeKey(key.id);
  return ours.length;
}
