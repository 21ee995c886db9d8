/**
 * `npm run soak`: the model-based lifecycle test (harness/model) with
 * random seeds, for many more command sequences than CI runs. Starts its own
 * moto, prints the seed and the shrunk counterexample of every failure
 * (also appended to /tmp/model-findings.md), and merges its figures into
 * bench/results.json under `modelSoak`.
 *
 *   npm run soak -- --sequences 300 --duration 1200   # at most 300 sequences or 20 min
 *   npm run soak -- --seed 42 --path "3:1:0"         # replay one failure
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { startMoto } from "../harness/moto/motoLauncher";
import { runModel } from "../harness/model/modelRun";
import { installOffsetClock } from "../harness/model/offsetClock";

const RESULTS = path.join(__dirname, "results.json");
/** Sequences per fast-check run: each run has its own random seed. */
const SEQUENCES_PER_SEED = 10;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      sequences: { type: "string", default: "200" },
      duration: { type: "string", default: "900" },
      "max-commands": { type: "string", default: "16" },
      size: { type: "string", default: "large" },
      seed: { type: "string" },
      path: { type: "string" },
    },
  });
  const maxSequences = Number(values.sequences);
  const durationMs = Number(values.duration) * 1000;
  const maxCommands = Number(values["max-commands"]);
  const moto = await startMoto();
  process.env.MOTO_ENDPOINT = moto.endpoint;
  const clock = installOffsetClock();
  const started = Date.now();
  const realElapsed = () => clock.realNow() - started;
  const totals = { sequences: 0, commands: 0, violations: 0, seeds: [] as number[] };
  try {
    while (totals.sequences < maxSequences && realElapsed() < durationMs) {
      const seed =
        values.seed === undefined ? Math.floor(Math.random() * 2 ** 31) : Number(values.seed);
      totals.seeds.push(seed);
      const report = await runModel({
        clock,
        source: "soak",
        seed,
        // A replay walks the path's run index from the seed: it needs the original run count.
        numRuns:
          values.path === undefined
            ? Math.min(SEQUENCES_PER_SEED, maxSequences - totals.sequences)
            : SEQUENCES_PER_SEED,
        maxCommands,
        size: values.size as "small" | "medium" | "large",
        timeLimitMs: Math.max(1_000, durationMs - realElapsed()),
        ...(values.path === undefined ? {} : { path: values.path }),
      });
      totals.sequences += report.sequences;
      totals.commands += report.commands;
      process.stderr.write(
        `seed ${seed}: ${report.sequences} sequences, ${report.commands} commands, ${report.message === undefined ? "no violation" : "VIOLATION"} (${Math.round(realElapsed() / 1000)} s)\n`,
      );
      if (report.message !== undefined) {
        totals.violations += 1;
        process.stdout.write(`\n=== violation, seed ${seed} ===\n${report.message}\n`);
      }
      if (values.seed !== undefined) break;
    }
  } finally {
    clock.uninstall();
    await moto.stop();
  }
  const durationS = Math.round(realElapsed() / 100) / 10;
  const results = JSON.parse(readFileSync(RESULTS, "utf8")) as Record<string, unknown>;
  results.modelSoak = { ...totals, durationS, date: new Date().toISOString() };
  writeFileSync(RESULTS, `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(
    `${totals.sequences} sequences, ${totals.commands} commands, ${totals.violations} violation(s) in ${durationS} s; seeds ${totals.seeds.join(", ")}\n`,
  );
  process.exitCode = totals.violations > 0 ? 1 : 0;
}

void main();
