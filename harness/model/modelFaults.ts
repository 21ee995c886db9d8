import fc from "fast-check";
import type { SimOperation } from "../simulators/vendorSimulator";
import type { ModelWorld } from "./modelWorld";

/** Where a crash kills the step worker: after the external call took effect, before its answer arrives. */
export type CrashPoint = "vendor-create" | "put-secret" | "update-stage";

/** A fault armed for the engine calls of one command. */
export type Fault =
  | { readonly kind: "none" }
  | {
      readonly kind: "vendor-burst";
      readonly status: 429 | 500 | 503;
      readonly count: number;
      readonly operation: SimOperation | "any";
    }
  | { readonly kind: "vendor-hang"; readonly operation: "verify" | "list" }
  | {
      readonly kind: "vendor-malformed";
      readonly operation: "create" | "list";
      readonly malform: "not-json" | "missing-secret" | "missing-id";
    }
  | { readonly kind: "activation-delay"; readonly ms: number }
  | { readonly kind: "cap-reached" }
  | {
      readonly kind: "sm-error";
      readonly error: "throttle" | "500";
      readonly operation: string;
      readonly count: number;
    }
  | { readonly kind: "sm-lost-answer"; readonly operation: string }
  | { readonly kind: "crash"; readonly at: CrashPoint };

/** How long a hung vendor answer is held: far past any budget. */
const HANG_MS = 30_000;

const SM_OPERATIONS = [
  "PutSecretValue",
  "UpdateSecretVersionStage",
  "GetSecretValue",
  "DescribeSecret",
  "ListSecretVersionIds",
] as const;

export const faultArb: fc.Arbitrary<Fault> = fc.oneof(
  { weight: 6, arbitrary: fc.constant<Fault>({ kind: "none" }) },
  fc.record({
    kind: fc.constant("vendor-burst" as const),
    status: fc.constantFrom(429 as const, 500 as const, 503 as const),
    count: fc.integer({ min: 1, max: 4 }),
    operation: fc.constantFrom<SimOperation | "any">("create", "verify", "list", "delete", "any"),
  }),
  fc.record({
    kind: fc.constant("vendor-hang" as const),
    operation: fc.constantFrom("verify" as const, "list" as const),
  }),
  fc.record({
    kind: fc.constant("vendor-malformed" as const),
    operation: fc.constantFrom("create" as const, "list" as const),
    malform: fc.constantFrom("not-json" as const, "missing-secret" as const, "missing-id" as const),
  }),
  fc.record({
    kind: fc.constant("activation-delay" as const),
    ms: fc.constantFrom(300, 1_200, 120_000),
  }),
  fc.constant<Fault>({ kind: "cap-reached" }),
  fc.record({
    kind: fc.constant("sm-error" as const),
    error: fc.constantFrom("throttle" as const, "500" as const),
    operation: fc.constantFrom(...SM_OPERATIONS),
    count: fc.integer({ min: 1, max: 4 }),
  }),
  fc.record({
    kind: fc.constant("sm-lost-answer" as const),
    operation: fc.constantFrom("PutSecretValue", "UpdateSecretVersionStage"),
  }),
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("crash" as const),
      at: fc.constantFrom<CrashPoint>("vendor-create", "put-secret", "update-stage"),
    }),
  },
);

export function describeFault(fault: Fault): string {
  const { kind, ...rest } = fault;
  const details = Object.values(rest).join(" ");
  return details === "" ? kind : `${kind}(${details})`;
}

/** Whether the outcome of an engine call can be lost under this fault (a second key is then legitimate). */
export function isLossy(fault: Fault): boolean {
  return fault.kind !== "none" && fault.kind !== "activation-delay" && fault.kind !== "cap-reached";
}

/** Arms `fault` for the engine calls that follow; `clearFaults` disarms what is left. */
export function armFault(mw: ModelWorld, fault: Fault): void {
  const { sim, proxy } = mw.world;
  switch (fault.kind) {
    case "none":
      return;
    case "vendor-burst":
      sim.faults.failNext(fault.operation, fault.count, fault.status, { retryAfterSeconds: 0 });
      return;
    case "vendor-hang":
      mw.setHang(fault.operation, HANG_MS);
      return;
    case "vendor-malformed":
      sim.faults.malformNext(fault.operation, 1, fault.malform);
      return;
    case "activation-delay":
      sim.faults.activationDelayMs = fault.ms;
      return;
    case "cap-reached":
      sim.faults.maxActiveKeys = Math.max(1, sim.activeKeys().length);
      return;
    case "sm-error":
      proxy.failNext(
        fault.operation,
        fault.count,
        "before",
        fault.error === "throttle"
          ? { status: 400, errorType: "ThrottlingException" }
          : { status: 500, errorType: "InternalServiceError" },
      );
      return;
    case "sm-lost-answer":
      proxy.failNext(fault.operation, 1, "after");
      return;
    case "crash":
      armCrash(mw, fault.at);
      return;
  }
}

/** Kills the busy step worker once the external call has taken effect, before the answer reaches it. */
function armCrash(mw: ModelWorld, at: CrashPoint): void {
  const kill = async (): Promise<void> => {
    await mw.workers.killBusy();
  };
  if (at === "vendor-create") mw.simHooks.oneShot.push({ operation: "create", callback: kill });
  else
    mw.world.proxy.onCommitted(
      at === "put-secret" ? "PutSecretValue" : "UpdateSecretVersionStage",
      kill,
    );
}

export function clearFaults(mw: ModelWorld): void {
  mw.world.sim.faults.clear();
  mw.world.proxy.clearFaults();
  mw.simHooks.oneShot.length = 0;
  mw.setHang(undefined);
}
