import {
  DescribeSecretCommand,
  ListSecretsCommand,
  type SecretListEntry,
} from "@aws-sdk/client-secrets-manager";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { startFaultProxy, type FaultProxy } from "../../../harness/aws/faultProxy";
import { motoEndpoint } from "../../../harness/aws/motoClients";
import { startThrottleProxy } from "../../../harness/aws/throttleProxy";
import { runCli, type CliResult } from "../../../harness/cliRunner";
import { startFleetEmulator, type FleetEmulator } from "../../../harness/fleetOps/fleetEmulator";
import {
  createFleetWorld,
  type FleetSecret,
  type FleetWorld,
} from "../../../harness/fleetOps/fleetWorld";
import { readStage, type StoredValue } from "../../../harness/rotationWorld";
import type { FleetRun } from "../../../cli/fleet/fleetRun";

jest.setTimeout(240_000);

/**
 * `rotate --all` and `revoke-previous --all` over a fleet of 50 secrets in
 * moto (two vendors), each rotated by the bundled handler as Secrets Manager
 * would invoke it. The CLI runs as its own process; its path to AWS goes
 * through a fault proxy (to make some calls fail) and, where a test says so,
 * a proxy enforcing the `RotateSecret` and `TagResource` quotas with real
 * `ThrottlingException` answers.
 */
describe("rotated-api-key rotate --all / revoke-previous --all", () => {
  let world: FleetWorld;
  let emulator: FleetEmulator;
  let faults: FaultProxy;
  const outputs: CliResult[] = [];
  const stateDir = mkdtempSync(path.join(tmpdir(), "rotate-all-"));
  const cli = async (endpoint: string, args: readonly string[]) => {
    const result = await runCli(endpoint, args);
    outputs.push(result);
    return result;
  };
  const current = (s: FleetSecret) => readStage(world.client, s.arn, "AWSCURRENT");
  const previous = (s: FleetSecret) => readStage(world.client, s.arn, "AWSPREVIOUS");
  const accepted = (s: FleetSecret, v: StoredValue | undefined) =>
    world.sims[s.vendor]?.isKeyAccepted(v?.apiKey ?? "") ?? false;

  beforeAll(async () => {
    world = await createFleetWorld(motoEndpoint(), "mass", { size: 50 });
    emulator = await startFleetEmulator(world);
    faults = await startFaultProxy(emulator.endpoint);
    // Every secret's first key, as `rotateImmediately` makes it.
    await Promise.all(world.secrets.map((s) => emulator.rotate(s)));
  });
  afterAll(async () => {
    await emulator.idle();
    await faults.close();
    await emulator.close();
    await world.stop();
  });

  it("--dry-run lists what would rotate, changes nothing, and checks its flags", async () => {
    // Prepare
    const listed = await listAll(world);
    const sendgrid = listed.filter((e) => tag(e, "vendor") === "sendgrid");

    // Act
    const dry = await cli(faults.endpoint, [
      "rotate",
      "--all",
      "--vendor",
      "sendgrid",
      "--name-prefix",
      `${world.label}/`,
      "--dry-run",
      "--json",
    ]);
    const badVendor = await cli(faults.endpoint, ["rotate", "--all", "--vendor", "stripe"]);
    const both = await cli(faults.endpoint, ["rotate", "some-secret", "--all"]);
    const noReason = await cli(faults.endpoint, ["rotate", "--all", "--emergency", "--yes"]);
    const tooFast = await cli(faults.endpoint, ["rotate", "--all", "--max-rate", "51"]);

    // Assess
    expect(dry.stderr).toBe("");
    expect(dry.code).toBe(0);
    const run = JSON.parse(dry.stdout) as FleetRun;
    expect(run).toEqual({
      operation: "rotate",
      emergency: false,
      selection: `vendor=sendgrid, name prefix ${world.label}/`,
      startedAt: run.startedAt,
      dryRun: true,
      durationMs: 0,
      retries: 0,
      counts: { "would-rotate": 25 },
      secrets: sendgrid
        .map((e) => ({
          secret: e.Name,
          vendor: "sendgrid",
          outcome: "would-rotate",
          detail: `last rotated ${e.LastRotatedDate?.toISOString() ?? "never"}`,
        }))
        .sort((a, b) => String(a.secret).localeCompare(String(b.secret))),
    });
    expect(badVendor).toEqual({
      code: 2,
      stdout: "",
      stderr:
        'error: --vendor must be one of nylas, sendgrid, datadog, cloudflare, openai, gitlab, twilio, http (received "stripe").\n',
    });
    expect(both).toEqual({
      code: 2,
      stdout: "",
      stderr: 'error: pass a secret name or --all, not both (received "some-secret").\n',
    });
    expect(noReason).toEqual({
      code: 2,
      stdout: "",
      stderr: 'error: --emergency needs --reason "…": it is recorded in the audit log.\n',
    });
    expect(tooFast).toEqual({
      code: 2,
      stdout: "",
      stderr: 'error: --max-rate must be a whole number from 1 to 50 (received "51").\n',
    });
    for (const s of world.secrets) {
      const d = await world.client.send(new DescribeSecretCommand({ SecretId: s.arn }));
      expect(Object.keys(d.VersionIdsToStages ?? {})).toHaveLength(1);
    }
  });

  it("refuses to act on the fleet without confirmation when stdin is not a terminal", async () => {
    // Act
    const result = await cli(faults.endpoint, [
      "rotate",
      "--all",
      "--name-prefix",
      `${world.label}/`,
    ]);

    // Assess
    expect(result).toEqual({
      code: 2,
      stdout: "",
      stderr: `error: rotate 50 secret(s): name prefix ${world.label}/: refused without confirmation; stdin is not a terminal, pass --yes.\n`,
    });
  });

  it("rotates every selected secret under a 5 requests/s quota: throttled calls back off, none fails", async () => {
    // Prepare
    const throttle = await startThrottleProxy(faults.endpoint, { ratePerSecond: 5 });
    const selected = world.secrets.filter((s) => s.tags.owner === "team-a").slice(0, 15);
    const prefix = commonPrefix(selected);
    const before = await Promise.all(selected.map(current));

    // Act
    const result = await cli(throttle.endpoint, [
      "--as",
      "ops-bot",
      "rotate",
      "--all",
      "--tag",
      "owner=team-a",
      "--name-prefix",
      prefix,
      "--yes",
      "--json",
      "--state",
      path.join(stateDir, "throttled.json"),
      "--timeout",
      "120",
    ]);
    await throttle.close();

    // Assess
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const run = JSON.parse(result.stdout) as FleetRun;
    const mine = world.secrets.filter(
      (s) => s.tags.owner === "team-a" && s.name.startsWith(prefix),
    );
    expect(run.counts).toEqual({ rotated: mine.length });
    const throttled =
      (throttle.throttled.RotateSecret ?? 0) + (throttle.throttled.TagResource ?? 0);
    expect(throttled).toBeGreaterThan(0);
    expect(run.retries).toBe(throttled);
    expect(throttle.peakPerSecond("RotateSecret")).toBeLessThanOrEqual(5);
    expect(throttle.peakPerSecond("TagResource")).toBeLessThanOrEqual(5);
    expect(throttle.admitted.RotateSecret).toBe(mine.length);
    for (const [i, s] of selected.entries()) {
      const item = run.secrets.find((r) => r.secret === s.name);
      const now = await current(s);
      expect(item).toMatchObject({ outcome: "rotated", token: now?.versionId });
      expect((await previous(s))?.keyId).toBe(before[i]?.keyId);
      // Not an emergency: the previous key stays valid for the overlap window.
      expect(accepted(s, before[i])).toBe(true);
    }
  });

  it("--max-rate 3 under a 5 requests/s quota: paced below it, not one throttle", async () => {
    // Prepare
    const throttle = await startThrottleProxy(faults.endpoint, { ratePerSecond: 5 });
    const selected = world.secrets.filter((s) => s.tags.owner === "team-a").slice(0, 15);
    const prefix = commonPrefix(selected);
    const mine = world.secrets.filter(
      (s) => s.tags.owner === "team-a" && s.name.startsWith(prefix),
    );

    // Act
    const result = await cli(throttle.endpoint, [
      "rotate",
      "--all",
      "--tag",
      "owner=team-a",
      "--name-prefix",
      prefix,
      // 3, not 4: the margin absorbs a loaded machine's delays between the pacer's release and the proxy.
      "--max-rate",
      "3",
      "--no-wait",
      "--yes",
      "--json",
      "--state",
      path.join(stateDir, "paced.json"),
    ]);
    await throttle.close();

    // Assess
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const run = JSON.parse(result.stdout) as FleetRun;
    expect(run.counts).toEqual({ started: mine.length });
    expect(throttle.throttled).toEqual({});
    expect(run.retries).toBe(0);
    expect(throttle.admitted.RotateSecret).toBe(mine.length);
    expect(throttle.admitted.TagResource).toBe(mine.length);
    // No DescribeSecret per secret: the listing has the ARN and the function.
    expect(throttle.admitted.DescribeSecret).toBeUndefined();
    expect(throttle.peakPerSecond("RotateSecret")).toBeLessThanOrEqual(5);
    // 3 per second: the last of n starts no sooner than (n - 1) / 3 s after the first.
    const starts = run.secrets.map((i) => i.startedMs ?? 0);
    expect(Math.max(...starts) - Math.min(...starts)).toBeGreaterThanOrEqual(
      ((mine.length - 1) * 1000) / 3 - 50,
    );
    // Let the started rotations finish before the next test.
    await emulator.idle();
  });

  it("a re-run resumes: what finished is skipped, what failed is rotated", async () => {
    // Prepare
    const selected = world.secrets.filter((s) => s.tags.environment === "staging");
    const state = path.join(stateDir, "resume.json");
    const args = [
      "rotate",
      "--all",
      "--tag",
      "environment=staging",
      "--name-prefix",
      `${world.label}/`,
      "--yes",
      "--json",
      "--state",
      state,
      "--timeout",
      "120",
    ];
    faults.failNext("RotateSecret", 3, "before", {
      status: 400,
      errorType: "InvalidRequestException",
    });

    // Act
    const first = await cli(faults.endpoint, args);
    const firstTokens = await Promise.all(selected.map(async (s) => (await current(s))?.versionId));
    faults.resetCounts();
    const second = await cli(faults.endpoint, args);
    const secondCalls = faults.counts.RotateSecret;
    const afterSecond = await Promise.all(selected.map(async (s) => (await current(s))?.versionId));
    const third = await cli(faults.endpoint, args);

    // Assess
    const run1 = JSON.parse(first.stdout) as FleetRun;
    expect(run1.counts).toEqual({ rotated: selected.length - 3, failed: 3 });
    expect(run1.secrets.filter((r) => r.outcome === "failed").map((r) => r.detail)).toEqual([
      "InvalidRequestException: injected fault before the call",
      "InvalidRequestException: injected fault before the call",
      "InvalidRequestException: injected fault before the call",
    ]);
    expect({ code: first.code, stderr: first.stderr }).toEqual({
      code: 1,
      stderr: `error: 3 of ${selected.length} secret(s) failed; run the same command again to retry them (finished and running rotations are skipped).\n`,
    });
    const run2 = JSON.parse(second.stdout) as FleetRun;
    expect(second.code).toBe(0);
    expect(run2.counts).toEqual({ rotated: selected.length });
    expect(secondCalls).toBe(3);
    for (const item of run2.secrets) {
      const wasDone = run1.secrets.find((r) => r.secret === item.secret)?.outcome === "rotated";
      if (wasDone) expect(item.detail).toMatch(/^started by an earlier run at /);
    }
    for (const [i, s] of selected.entries()) {
      const token = afterSecond[i];
      const failedFirst = run1.secrets.find((r) => r.secret === s.name)?.outcome === "failed";
      expect(token === firstTokens[i]).toBe(!failedFirst);
    }
    // The run completed: the same command starts a new run.
    expect(JSON.parse(third.stdout).counts).toEqual({ rotated: selected.length });
    expect(faults.counts.RotateSecret).toBe(3 + selected.length);
  });

  it("--emergency rotates every selected secret and revokes every old key, with the time to contain", async () => {
    // Prepare
    const selected = world.secrets.filter((s) => s.vendor === "datadog");
    const leaked = await Promise.all(selected.map(current));

    // Act
    const result = await cli(faults.endpoint, [
      "rotate",
      "--all",
      "--vendor",
      "datadog",
      "--name-prefix",
      `${world.label}/`,
      "--emergency",
      "--reason",
      "datadog keys leaked in CI logs",
      "--yes",
      "--json",
      "--state",
      path.join(stateDir, "emergency.json"),
    ]);

    // Assess
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const run = JSON.parse(result.stdout) as FleetRun;
    expect(run).toMatchObject({
      emergency: true,
      mode: "replace-then-revoke",
      counts: { rotated: selected.length },
    });
    expect(run.timeToContainMs).toBe(Math.max(...run.secrets.map((r) => r.finishedMs ?? 0)));
    for (const [i, s] of selected.entries()) {
      expect(accepted(s, leaked[i])).toBe(false);
      expect(accepted(s, await current(s))).toBe(true);
    }
  });

  it("revoke-previous --all revokes every previous key the filters select", async () => {
    // Prepare
    const selected = world.secrets.filter(
      (s) => s.vendor === "sendgrid" && s.tags.environment === "prod",
    );
    const olds = await Promise.all(selected.map(previous));
    // The same selection for the dry run, the run and the re-run.
    const revokeProdSendgrid = [
      "revoke-previous",
      "--all",
      "--vendor",
      "sendgrid",
      "--tag",
      "environment=prod",
      "--name-prefix",
      `${world.label}/`,
    ];

    // Act
    const dry = await cli(faults.endpoint, [...revokeProdSendgrid, "--dry-run", "--json"]);
    const result = await cli(faults.endpoint, [
      ...revokeProdSendgrid,
      "--force",
      "--reason",
      "retire before the audit",
      "--yes",
      "--json",
    ]);
    const again = await cli(faults.endpoint, [...revokeProdSendgrid, "--force", "--yes", "--json"]);

    // Assess
    expect((JSON.parse(dry.stdout) as FleetRun).secrets.every((r) => r.outcome !== "revoked")).toBe(
      true,
    );
    expect(result.code).toBe(0);
    const run = JSON.parse(result.stdout) as FleetRun;
    const withPrevious = olds.filter((o) => o !== undefined).length;
    expect(run.counts).toEqual({
      revoked: withPrevious,
      ...(withPrevious < selected.length
        ? { "nothing-to-revoke": selected.length - withPrevious }
        : {}),
    });
    for (const [i, s] of selected.entries()) {
      if (olds[i] !== undefined) {
        expect(run.secrets.find((r) => r.secret === s.name)).toMatchObject({
          outcome: "revoked",
          keyId: olds[i]?.keyId,
        });
        expect(accepted(s, olds[i])).toBe(false);
      }
    }
    expect((JSON.parse(again.stdout) as FleetRun).counts).toEqual({
      "nothing-to-revoke": selected.length,
    });
  });

  it("no output of any run holds key material", () => {
    const text = outputs.map((o) => `${o.stdout}\n${o.stderr}`).join("\n");
    const handlerText = emulator.lines().join("\n");
    const keys = Object.values(world.sims).flatMap((sim) => sim.keys().map((k) => k.secret));
    expect(keys.length).toBeGreaterThan(100);
    expect(keys.filter((key) => text.includes(key) || handlerText.includes(key))).toEqual([]);
  });
});

async function listAll(world: FleetWorld): Promise<SecretListEntry[]> {
  const all: SecretListEntry[] = [];
  let NextToken: string | undefined;
  do {
    const page = await world.client.send(
      new ListSecretsCommand({
        Filters: [{ Key: "name", Values: [`${world.label}/`] }],
        NextToken,
      }),
    );
    all.push(...(page.SecretList ?? []).filter((e) => !(e.Name ?? "").endsWith("-admin")));
    NextToken = page.NextToken || undefined;
  } while (NextToken);
  return all;
}

function tag(entry: SecretListEntry, key: string): string | undefined {
  return entry.Tags?.find((t) => t.Key === key)?.Value;
}

/** The longest name prefix the secrets share (selects them and maybe a few more of the same range). */
function commonPrefix(secrets: readonly FleetSecret[]): string {
  const names = secrets.map((s) => s.name);
  let prefix = names[0] ?? "";
  for (const n of names) while (!n.startsWith(prefix)) prefix = prefix.slice(0, -1);
  return prefix;
}
