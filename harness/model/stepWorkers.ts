import { fork, type ChildProcess } from "node:child_process";
import path from "node:path";
import type { WorkerReply, WorkerRequest } from "./workerProtocol";

/** How one invocation ended. */
export interface InvocationOutcome {
  readonly ok: boolean;
  readonly result?: unknown;
  readonly error?: { readonly name: string; readonly message: string };
  /** Set when the worker was SIGKILLed: by a test (`crash`) or past its budget (`timeout`). */
  readonly killed?: "crash" | "timeout";
  readonly ms: number;
}

export interface StepWorkersOptions {
  /** The Lambda environment of the first world (see `RotationWorld.env`; {@link StepWorkers.reset} changes it). */
  readonly env: Record<string, string>;
  /** The current clock offset, sent to each new worker. */
  readonly offsetMs: () => number;
  /** Everything the workers write to stdout and stderr. */
  readonly onOutput: (text: string) => void;
  /** Time past an invocation's budget before the worker is killed, as Lambda stops a function. @default 1500 */
  readonly graceMs?: number;
}

interface Worker {
  readonly child: ChildProcess;
  ready: Promise<void>;
  markReady: () => void;
  readonly exited: Promise<void>;
  current?: { readonly id: number; readonly settle: (outcome: InvocationOutcome) => void };
  killedAs?: "crash" | "timeout";
}

const WORKER = path.join(__dirname, "stepWorker.ts");
const ROOT = path.resolve(__dirname, "..", "..");

/**
 * Child processes that run the bundled handler, one invocation at a time
 * each; concurrent invocations get separate workers (as Lambda gives them
 * separate execution environments). A killed worker is replaced.
 */
export class StepWorkers {
  private readonly idle: Worker[] = [];
  private readonly busy = new Set<Worker>();
  private nextId = 1;
  private closed = false;
  private env: Record<string, string>;
  private onOutput: (text: string) => void;

  public constructor(private readonly options: StepWorkersOptions) {
    this.env = options.env;
    this.onOutput = options.onOutput;
  }

  /**
   * Points the workers at another world: a new environment and a cold start
   * of the bundle in each idle worker (cheaper than new processes).
   */
  public async reset(env: Record<string, string>, onOutput: (text: string) => void): Promise<void> {
    await this.killBusy();
    this.env = env;
    this.onOutput = onOutput;
    await Promise.all(
      this.idle.map(async (w) => {
        await w.ready;
        w.ready = new Promise<void>((resolve) => (w.markReady = resolve));
        this.send(w, { type: "init", env, offsetMs: this.options.offsetMs() });
        await w.ready;
      }),
    );
  }

  /** Makes sure `count` idle workers are started ahead of need. */
  public async warm(count: number): Promise<void> {
    const missing = Math.max(0, count - this.idle.length);
    const started = Array.from({ length: missing }, () => this.spawn());
    this.idle.push(...started);
    await Promise.all(started.map((w) => w.ready));
  }

  /** Runs one invocation on a free worker; never throws for the handler's errors. */
  public async invoke(event: unknown, budgetMs: number): Promise<InvocationOutcome> {
    const worker = this.idle.shift() ?? this.spawn();
    this.busy.add(worker);
    await worker.ready;
    const started = performance.now();
    const id = this.nextId++;
    const outcome = await new Promise<InvocationOutcome>((resolve) => {
      const timer = setTimeout(
        () => void this.kill(worker, "timeout"),
        budgetMs + (this.options.graceMs ?? 1500),
      );
      worker.current = {
        id,
        settle: (o) => {
          clearTimeout(timer);
          resolve(o);
        },
      };
      this.send(worker, { type: "invoke", id, event, budgetMs });
    });
    worker.current = undefined;
    this.busy.delete(worker);
    if (worker.killedAs === undefined && !this.closed) this.idle.push(worker);
    return { ...outcome, ms: performance.now() - started };
  }

  /** Process ids of the live workers (idle and busy), e.g. to read their CPU time. */
  public pids(): number[] {
    return [...this.idle, ...this.busy]
      .map((w) => w.child.pid)
      .filter((pid): pid is number => pid !== undefined);
  }

  /** SIGKILLs every worker running an invocation now; resolves once they are dead. */
  public async killBusy(): Promise<number> {
    const victims = [...this.busy];
    await Promise.all(victims.map((w) => this.kill(w, "crash")));
    return victims.length;
  }

  /** Sends the clock offset to every live worker. */
  public async setOffset(offsetMs: number): Promise<void> {
    await Promise.all(
      [...this.idle, ...this.busy].map(async (w) => {
        await w.ready;
        this.send(w, { type: "clock", offsetMs });
      }),
    );
  }

  public async close(): Promise<void> {
    this.closed = true;
    const all = [...this.idle, ...this.busy];
    this.idle.length = 0;
    await Promise.all(all.map((w) => this.kill(w, "crash")));
  }

  private async kill(worker: Worker, as: "crash" | "timeout"): Promise<void> {
    if (worker.killedAs === undefined) {
      worker.killedAs = as;
      worker.child.kill("SIGKILL");
    }
    await worker.exited;
  }

  private send(worker: Worker, message: WorkerRequest): void {
    if (worker.child.connected) worker.child.send(message);
  }

  private spawn(): Worker {
    const child = fork(WORKER, [], {
      cwd: ROOT,
      execArgv: ["--import", "tsx"],
      stdio: ["ignore", "pipe", "pipe", "ipc"],
      env: { ...process.env, NODE_OPTIONS: "" },
    });
    child.stdout?.on("data", (c: Buffer) => this.onOutput(c.toString("utf8")));
    child.stderr?.on("data", (c: Buffer) => this.onOutput(c.toString("utf8")));
    const worker: Worker = {
      child,
      ready: Promise.resolve(),
      markReady: () => undefined,
      exited: new Promise<void>((resolve) => child.once("exit", () => resolve())),
    };
    worker.ready = new Promise<void>((resolve) => (worker.markReady = resolve));
    child.on("message", (message: WorkerReply) => {
      if (message.type === "ready") worker.markReady();
      else if (worker.current?.id === message.id) {
        worker.current.settle({
          ok: message.ok,
          ...(message.result === undefined ? {} : { result: message.result }),
          ...(message.error === undefined ? {} : { error: message.error }),
          ms: 0,
        });
      }
    });
    void worker.exited.then(() => {
      worker.markReady();
      const killed = worker.killedAs ?? "crash";
      worker.current?.settle({
        ok: false,
        killed,
        error: {
          name: killed === "timeout" ? "TimeoutError" : "WorkerKilled",
          message:
            killed === "timeout"
              ? "Task timed out: the invocation overran its budget and the worker was killed"
              : "the worker was killed (SIGKILL) during the invocation",
        },
        ms: 0,
      });
      const index = this.idle.indexOf(worker);
      if (index !== -1) this.idle.splice(index, 1);
    });
    this.send(worker, { type: "init", env: this.env, offsetMs: this.options.offsetMs() });
    return worker;
  }
}
