/**
 * V8's optimizing compiler, set for scanform's runs: short bursts of CPU over thousands of
 * resources, in a process that then mostly waits on vendors. In such a run the compiler's own time
 * on V8's helper threads is a large part of the whole, and code that is a little slower but
 * compiled sooner and more cheaply comes out ahead.
 *
 * - Inlining: by default TurboFan inlines up to 920 bytes of bytecode into each function it
 *   optimizes. On validate + diff of 10,000 resources (npm run bench), V8's helper threads, mostly
 *   compiling those large graphs, used about 0.9 s of CPU of the 1.65-1.75 s; with a budget of 100
 *   bytes they used about 0.45 s and the whole took 1.2-1.35 s (`scanform validate` of the same
 *   files: 1.2-1.3 s -> 1.0-1.1 s), while warm plans in a long process measured the same within
 *   their noise. Budgets from 0 to 200 bytes measured alike, 400 about halfway. Small functions
 *   (under 27 bytes of bytecode) are inlined whatever the budget.
 * - Loop peeling and escape analysis: two of TurboFan's costlier passes, for loops that run long
 *   and objects that never leave a function. Without them validate + diff of 10,000 resources took
 *   1,032 against 1,081 ms of CPU (ten processes each, interleaved; peeling alone 1,044, escape
 *   analysis alone 1,060), and a fourth load of the same manifests in one process, all compiled,
 *   measured the same within its noise.
 *
 * Only process entry points call this (bin/scanform.js, the GitHub Action): a program that imports
 * scanform as a library keeps its own V8 settings.
 */
import { setFlagsFromString } from "node:v8";

export const JIT_FLAGS = "--max-inlined-bytecode-size-cumulative=100 --no-turbo-loop-peeling --no-turbo-escape";

/** The settings JIT_FLAGS makes, in any of the spellings node accepts. */
const SETTINGS = /^--(?:no[-_])?(?:max[-_]inlined[-_]bytecode[-_]size|turbo[-_]loop[-_]peeling|turbo[-_]escape)/;

/**
 * Applies JIT_FLAGS unless node was started with one of these settings of its own (then V8's are
 * left as it was told); call before the work starts (V8 reads them for each function it optimizes).
 */
export function tuneJitForShortRuns(execArgv: readonly string[] = process.execArgv, setFlags: (flags: string) => void = setFlagsFromString): void {
  if (execArgv.some((a) => SETTINGS.test(a))) return;
  setFlags(JIT_FLAGS);
}
