/**
 * `npm run bench`: the performance targets of DESIGN.md, measured. Each scenario prints its details
 * and rows as it runs; the run ends with one table and exits 1 when a target is missed, 2 when a
 * scenario could not run at all or the arguments are wrong. Nothing here runs in `npm test`.
 *
 *   npm run bench [-- [--latency MS] [SCENARIO ...]]     all scenarios when none is named
 *
 * The rows of a whole run (every scenario, the default latency) are also written to
 * bench/results/latest.json, committed so that a change's effect on them shows in review; a run of
 * some scenarios, or at another latency, writes bench/results/partial.json instead (not committed),
 * so trying one scenario never replaces the record of the whole run with a fragment of it.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { cpus, loadavg } from "node:os";
import { BOUND_FORMULA, TARGET_RATIO } from "./bound.js";
import { startBenchEmulators } from "./emulators.js";
import { describeFreshMemory, freshMemoryCost } from "./machine.js";
import type { Scenario } from "./scenario.js";
import { applyCreate } from "./scenarios/apply-create.js";
import { emulatorThroughput } from "./scenarios/emulator-throughput.js";
import { apply20k, applyMixed, applyScale } from "./scenarios/apply-mixed.js";
import { growth } from "./scenarios/growth.js";
import { startup } from "./scenarios/startup.js";
import { planNoop } from "./scenarios/plan-noop.js";
import { planNoopMixed } from "./scenarios/plan-noop-mixed.js";
import { validateDiff } from "./scenarios/validate-diff.js";
import { waitCost } from "./scenarios/wait-cost.js";
import { vendorBudget } from "./scenarios/vendor-budget.js";
import { failed, formatTable, type Row } from "./table.js";

const SCENARIOS: readonly Scenario[] = [startup, validateDiff, growth, planNoop, planNoopMixed, applyCreate(100), applyCreate(300), applyScale, applyMixed, apply20k, waitCost, vendorBudget, emulatorThroughput];
/** Emulated vendor latency of the timed scenarios: the quick end of what SaaS APIs answer in. */
const DEFAULT_LATENCY_MS = 100;

interface Args {
  readonly latencyMs: number;
  readonly scenarios: readonly Scenario[];
}

function parseArgs(argv: readonly string[]): Args | string {
  let latencyMs = DEFAULT_LATENCY_MS;
  const names: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--latency") {
      const value = argv[++i] ?? "";
      if (!/^\d+$/.test(value) || Number(value) < 1) return `--latency takes a whole number of milliseconds (at least 1), not "${value}"`;
      latencyMs = Number(value);
    } else names.push(arg);
  }
  const unknown = names.filter((n) => !SCENARIOS.some((s) => s.name === n));
  if (unknown.length > 0) return `unknown scenario ${unknown.join(", ")}; known: ${SCENARIOS.map((s) => s.name).join(", ")}`;
  return { latencyMs, scenarios: names.length === 0 ? SCENARIOS : SCENARIOS.filter((s) => names.includes(s.name)) };
}

const write = (text: string): void => {
  process.stdout.write(text);
};

async function main(argv: readonly string[]): Promise<number> {
  const args = parseArgs(argv);
  if (typeof args === "string") {
    process.stderr.write(`${args}\n`);
    return 2;
  }
  // Wall times depend on what else the machine is doing, and CPU times on what its memory costs; say so next to the figures.
  const freshMemory = freshMemoryCost();
  write(`node ${process.version}, ${cpus().length} CPUs, load average ${loadavg().map((l) => l.toFixed(2)).join(" ")}; latency ${args.latencyMs} ms\n`);
  write(`${describeFreshMemory(freshMemory)}\n`);
  const rows: Row[] = [];
  let broken = 0;
  for (const scenario of args.scenarios) {
    write(`\n== ${scenario.name}\n`);
    const started = performance.now();
    // Fresh emulator processes for each scenario: one that ran before (thousands of objects made
    // and dropped, a grown heap) slowed the next one's answers, so a figure depended on the order.
    const emulators = await startBenchEmulators();
    try {
      const got = await scenario.run({ emulators, latencyMs: args.latencyMs, freshMemory, print: (line) => write(`   ${line}\n`) });
      write(`${formatTable(got)}\n   (${((performance.now() - started) / 1000).toFixed(1)} s)\n`);
      rows.push(...got);
    } catch (e) {
      broken++;
      write(`   could not run: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      rows.push({ scenario: scenario.name, metric: "ran to the end", measured: "no", target: "yes", pass: false });
    } finally {
      await emulators.close();
    }
  }
  write(`\n== summary\n${BOUND_FORMULA}; a timed figure passes when measured / bound ≤ ${TARGET_RATIO}.\n${formatTable(rows)}\n`);
  const missed = failed(rows).length;
  write(missed === 0 ? "\nAll targets met.\n" : `\n${missed} target(s) missed.\n`);
  const whole = args.scenarios.length === SCENARIOS.length && args.latencyMs === DEFAULT_LATENCY_MS;
  const written = await writeResults(whole ? "latest.json" : "partial.json", { node: process.version, cpus: cpus().length, loadAverage: loadavg().map((l) => Number(l.toFixed(2))), pageFaultMicros: Number(freshMemory.microsPerFault.toFixed(2)), latencyMs: args.latencyMs, scenarios: args.scenarios.map((s) => s.name), rows });
  write(`Rows written to ${written}.\n`);
  if (broken > 0) return 2;
  return missed === 0 ? 0 : 1;
}

const RESULTS = new URL("./results/", import.meta.url);

async function writeResults(name: string, results: object): Promise<string> {
  await mkdir(RESULTS, { recursive: true });
  await writeFile(new URL(name, RESULTS), `${JSON.stringify(results, null, 2)}\n`);
  return `bench/results/${name}`;
}

process.exitCode = await main(process.argv.slice(2));
