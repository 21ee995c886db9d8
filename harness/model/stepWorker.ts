/**
 * A long-lived child process that plays the Lambda runtime for model-based
 * tests: it loads the bundled handler with the world's environment (a cold
 * start per `init`), takes invocations over IPC and answers each with the
 * handler's result or error. Its clock is an {@link installOffsetClock} clock
 * whose offset the parent sets. The parent SIGKILLs it to crash a step.
 */
import { createRequire } from "node:module";
import path from "node:path";
import { installOffsetClock } from "./offsetClock";
import type { WorkerReply, WorkerRequest } from "./workerProtocol";

const clock = installOffsetClock();
const nodeRequire = createRequire(__filename);
/** The shipped bundle, or another build to hold to the same model (`MODEL_BUNDLE`). */
const BUNDLE =
  process.env.MODEL_BUNDLE ?? path.resolve(__dirname, "..", "..", "dist", "rotation", "index.js");

type Handler = (
  event: unknown,
  context: { getRemainingTimeInMillis(): number },
) => Promise<unknown>;
let handler: Handler | undefined;

function reply(message: WorkerReply): void {
  process.send?.(message);
}

async function invoke(id: number, event: unknown, budgetMs: number): Promise<void> {
  const deadline = Date.now() + budgetMs;
  try {
    if (handler === undefined) throw new Error("the worker has no handler: send init first");
    const result = await handler(event, {
      getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    });
    reply({ type: "result", id, ok: true, result: result ?? null });
  } catch (error) {
    const e = error instanceof Error ? error : new Error(String(error));
    reply({ type: "result", id, ok: false, error: { name: e.name, message: e.message } });
  }
}

process.on("message", (message: WorkerRequest) => {
  switch (message.type) {
    case "init":
      Object.assign(process.env, message.env);
      clock.setOffset(message.offsetMs);
      delete nodeRequire.cache[BUNDLE];
      handler = (nodeRequire(BUNDLE) as { handler: Handler }).handler;
      reply({ type: "ready" });
      return;
    case "clock":
      clock.setOffset(message.offsetMs);
      return;
    case "invoke":
      void invoke(message.id, message.event, message.budgetMs);
      return;
  }
});
process.on("disconnect", () => process.exit(0));
