import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import path from "node:path";

/** A running moto server on loopback. */
export interface MotoServer {
  readonly endpoint: string;
  readonly pid: number;
  stop(): Promise<void>;
}

const SCRIPT = path.join(__dirname, "motoServer.py");
const PYTHON = process.env.MOTO_PYTHON ?? "python3";

/** Finds a free loopback port by binding port 0 and releasing it. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      if (address === null || typeof address === "string") {
        reject(new Error("could not read the port of a probe socket"));
        return;
      }
      server.close(() => resolve(address.port));
    });
  });
}

function assertMotoInstalled(): void {
  const probe = spawnSync(
    PYTHON,
    ["-c", "import moto.server, moto.secretsmanager; print(moto.__version__)"],
    {
      encoding: "utf8",
    },
  );
  if (probe.status !== 0) {
    throw new Error(
      `moto is not installed for ${PYTHON}: the integration tests need moto 5 ("pip install 'moto[server]>=5'"). ` +
        `python said: ${(probe.stderr || probe.error?.message || "").trim().split("\n").pop() ?? ""}`,
    );
  }
  const major = Number.parseInt(probe.stdout.trim().split(".")[0] ?? "", 10);
  if (!(major >= 5)) {
    throw new Error(
      `moto ${probe.stdout.trim()} is installed; the integration tests need moto 5 or newer.`,
    );
  }
}

async function waitUntilReady(
  endpoint: string,
  child: ChildProcess,
  logs: () => string,
): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(
        `moto_server exited with code ${child.exitCode} before it was ready:\n${logs()}`,
      );
    }
    try {
      const res = await fetch(`${endpoint}/moto-api/config`, {
        method: "POST",
        body: JSON.stringify({ lambda: { use_docker: false } }),
        headers: { "content-type": "application/json" },
      });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`moto_server did not answer on ${endpoint} within 30 s:\n${logs()}`);
}

/**
 * Starts moto on a free loopback port with Lambda's `use_docker` off (so
 * `RotateSecret` against a stub function runs without Docker), and resolves
 * once it answers.
 */
export async function startMoto(): Promise<MotoServer> {
  assertMotoInstalled();
  const port = await freePort();
  const child = spawn(PYTHON, [SCRIPT, String(port)], { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString("utf8")).slice(-4000);
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  const endpoint = `http://127.0.0.1:${port}`;
  // Never outlive the process that started it (a crashed or interrupted run included).
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);
  try {
    await waitUntilReady(endpoint, child, () => output);
  } catch (error) {
    child.kill("SIGKILL");
    throw error;
  }
  return {
    endpoint,
    pid: child.pid ?? -1,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) {
          resolve();
          return;
        }
        child.once("exit", () => resolve());
        process.removeListener("exit", killOnExit);
        child.kill("SIGTERM");
      }),
  };
}
