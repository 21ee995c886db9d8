/**
 * The GitLab access token simulator: a real HTTP server on 127.0.0.1 serving
 * {@link GitLabDialect} under `/api/v4`, with one project and one group,
 * behind the vendor-neutral {@link VendorSimulator} interface.
 */
import { randomBytes } from "node:crypto";
import type { VendorSimulator, VendorSimulatorOptions } from "../vendorSimulator";
import { FaultSwitches } from "../shared/simFaults";
import { SimKeyStore } from "../shared/simKeyStore";
import { assembleVendorSimulator, startSimServer, type SimExchange } from "../shared/simServer";
import { GitLabDialect } from "./gitLabDialect";

/** The project and group the simulator serves. */
export const SIM_PROJECT = { id: 4242, path: "simulated-group/simulated-project" } as const;
export const SIM_GROUP = { id: 77, path: "simulated-group" } as const;

/** The GitLab simulator, with what its own tests need beyond the neutral interface. */
export interface GitLabSimulator extends VendorSimulator {
  /** The personal access token stored in the admin credential secret. */
  readonly adminToken: string;
  readonly exchanges: readonly SimExchange[];
}

/** Options beyond the neutral ones. */
export interface GitLabSimulatorOptions extends VendorSimulatorOptions {
  readonly now?: () => number;
  /** The instance's maximum token lifetime in days. @default 365 */
  readonly maxLifetimeDays?: number;
}

/** Starts a GitLab simulator; `maxActiveKeys` (per project or group) defaults to 10. */
export async function startGitLabSimulator(
  options: GitLabSimulatorOptions = {},
): Promise<GitLabSimulator> {
  const nowMs = options.now ?? Date.now;
  const adminToken = `glpat-${randomBytes(15).toString("base64url")}`;
  const store = new SimKeyStore(nowMs);
  const faults = new FaultSwitches(options.maxActiveKeys ?? 10);
  const dialect = new GitLabDialect(
    store,
    faults,
    adminToken,
    {
      projects: { [String(SIM_PROJECT.id)]: SIM_PROJECT.path },
      groups: { [String(SIM_GROUP.id)]: SIM_GROUP.path },
    },
    nowMs,
    options.maxLifetimeDays ?? 365,
  );
  const server = await startSimServer(dialect, faults, store);
  const baseUrl = `${server.baseUrl}/api/v4`;
  return {
    ...assembleVendorSimulator({
      vendor: "gitlab",
      server,
      store,
      faults,
      baseUrl,
      vendorOptions: { scope: "project", id: SIM_PROJECT.id, scopes: ["read_api"], baseUrl },
      adminCredentialJson: JSON.stringify({ token: adminToken }),
    }),
    adminToken,
    exchanges: server.exchanges,
  };
}
