/**
 * `npm run bench`: the performance targets of DESIGN.md, measured. Each scenario prints its details
 * and rows as it runs; the run ends with one table and exits 1 when a target is missed (2 when a
 * scenario could not run at all). Nothing here runs in `npm test`.
 *
 *   npm run bench [-- SCENARIO ...]    (names: see SCENARIOS; all when none is given)
 */
import { BOUND_FORMULA, TARGET_RATIO } from "./bound.js";
import { startBenchEmulators } from "./emulators.js";
import type { Scenario } from "./scenario.js";
import { applyCreate } from "./scenarios/apply-create.js";
import { planNoop } from "./scenarios/plan-noop.js";
import { validateDiff } from "./scenarios/validate-diff.js";
import { failed, formatTable, type Row } from "./table.js";

const SCENARIOS: readonly Scenario[] = [validateDiff, planNoop, applyCreate(100), applyCreate(300)];
/** Emulated vendor latency of the timed scenarios: the quick end of what SaaS APIs answer in. */
const LATENCY_MS = 100;

async function main(argv: readonly string[]): Promise<number> {
  const unknown = argv.filter((a) => !SCENARIOS.some((s) => s.name === a));
  if (unknown.length > 0) {
    process.stderr.write(`unknown scenario ${unknown.join(", ")}; known: ${SCENARIOS.map((s) => s.name).join(", ")}\n`);
    return 2;
  }
  const chosen = argv.length === 0 ? SCENARIOS : SCENARIOS.filter((s) => argv.includes(s.name));
  const emulators = await startBenchEmulators();
  const rows: Row[] = [];
  let broken = 0;
  try {
    for (const scenario of chosen) {
      process.stdout.write(`\n== ${scenario.name}\n`);
      const started = performance.now();
      try {
        const got = await scenario.run({ emulators, latencyMs: LATENCY_MS, print: (line) => process.stdout.write(`   ${line}\n`) });
        process.stdout.write(`${formatTable(got)}\n   (${((performance.now() - started) / 1000).toFixed(1)} s)\n`);
        rows.push(...got);
      } catch (e) {
        broken++;
        process.stdout.write(`   could not run: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
        rows.push({ scenario: scenario.name, metric: "ran to the end", measured: "no", target: "yes", pass: false });
      }
    }
  } finally {
    await emulators.close();
  }
  process.stdout.write(`\n== summary (latency ${LATENCY_MS} ms; ${BOUND_FORMULA}; target ratio ≤ ${TARGET_RATIO})\n${formatTable(rows)}\n`);
  const missed = failed(rows).length;
  process.stdout.write(missed === 0 ? "\nAll targets met.\n" : `\n${missed} target(s) missed.\n`);
  if (broken > 0) return 2;
  return missed === 0 ? 0 : 1;
}

process.exitCode = await main(process.argv.slice(2));
