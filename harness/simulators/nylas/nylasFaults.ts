/**
 * The Nylas simulator's fault vocabulary on top of the shared
 * {@link FaultSwitches}: the same switches, plus the `missing-data`
 * malformation only the Nylas envelope has.
 */
import { FaultSwitches, type QueuedFailure } from "../shared/simFaults";
import type { SimFailureStatus, SimMalformKind, SimOperation } from "../vendorSimulator";

/** What a request to the simulator does, as recorded in its request log. */
export type NylasOperation = SimOperation;

/** An operation a fault applies to; `"any"` matches all of them. */
export type FaultTarget = NylasOperation | "any";

/** Statuses {@link NylasFaults.failNext} can answer with. */
export type FailureStatus = SimFailureStatus;

/**
 * How {@link NylasFaults.malformNext} corrupts a 200 response:
 * - `not-json`: an HTML page instead of JSON (as a misbehaving proxy would send);
 * - `missing-secret`: JSON without `data.api_key`, the key's secret (create);
 * - `missing-id`: JSON without `data.id` (or without `id` in each listed key);
 * - `missing-data`: JSON with `request_id` only.
 */
export type MalformKind = SimMalformKind | "missing-data";

/** A queued failure, as the simulator consumes it. */
export type FailureFault = QueuedFailure;

/**
 * The simulator's fault switches (429s carry `Retry-After` and a
 * `rate_limit_error` body, 500 an `internal_error` body, 502/503 an HTML
 * gateway page; a create over `maxActiveKeys` gets 400 `invalid_request_error`).
 */
export class NylasFaults extends FaultSwitches<"missing-data"> {}
