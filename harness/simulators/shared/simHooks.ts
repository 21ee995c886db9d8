/**
 * Test hooks of running simulator servers (model-based tests), keyed by the
 * server's origin: `beforeRespond` runs after a request took effect (a create
 * made its key) and before the answer is written, so a test can hold the
 * answer (a scheduler picks the order), delay it (a hang) or kill the caller
 * in between. `oneShot` callbacks run once, for the next successful request
 * of their operation.
 */
import type { SimOperation } from "../vendorSimulator";

/** What a {@link SimServerHooks} callback is told about a request that was handled. */
export interface SimHookCall {
  readonly operation: SimOperation;
  readonly status: number;
}

/** The hooks of one server. */
export interface SimServerHooks {
  beforeRespond?: (call: SimHookCall) => Promise<void>;
  readonly oneShot: Array<{ operation: SimOperation; callback: (call: SimHookCall) => unknown }>;
}

const hooksByOrigin = new Map<string, SimServerHooks>();

/** The hooks of the server behind `baseUrl` (any URL on it), created empty on first use. */
export function simServerHooks(baseUrl: string): SimServerHooks {
  const origin = new URL(baseUrl).origin;
  let hooks = hooksByOrigin.get(origin);
  if (hooks === undefined) {
    hooks = { oneShot: [] };
    hooksByOrigin.set(origin, hooks);
  }
  return hooks;
}

/** Runs the hooks of the server at `origin` for a handled request. */
export async function runHooks(origin: string, call: SimHookCall): Promise<void> {
  const hooks = hooksByOrigin.get(origin);
  if (hooks === undefined) return;
  const ok = call.status >= 200 && call.status < 300;
  const shot = ok ? hooks.oneShot.find((h) => h.operation === call.operation) : undefined;
  if (shot !== undefined) {
    hooks.oneShot.splice(hooks.oneShot.indexOf(shot), 1);
    await shot.callback(call);
  }
  await hooks.beforeRespond?.(call);
}

/** Drops the hooks of a server that stopped. */
export function forgetHooks(origin: string): void {
  hooksByOrigin.delete(origin);
}
