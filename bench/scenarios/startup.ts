/**
 * Issue 14: `scanform --version` and `--help` cost at most 1.5× the CPU of a bare `node -e 0`, and
 * `validate` of the examples at most 2.5×. The CLI is built exactly as `npm ci` builds it
 * (scripts/build.mjs) into a folder of its own and started through bin/scanform.js, each command
 * several times; the figure is the median CPU (user + system) of the whole process, reported by a
 * preloaded module at exit, which the bare node run preloads too. The runs are interleaved (bare
 * node, then each command, round after round), so a change in what else the machine is doing
 * weighs on the baseline and the commands alike instead of on whichever ran during it, and a
 * command's ratio is the median over the rounds of its CPU over bare node's in the same round.
 */
import { spawnSync } from "node:child_process";
import { copyFile, mkdir, rm, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { bundle } from "../../scripts/build.mjs";
import type { Scenario } from "../scenario.js";
import { mb, ms, type Row } from "../table.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const OUT = join(ROOT, "node_modules", ".cache", "scanform-startup");
const RUNS = 15;

const REPORT = `import { writeSync } from "node:fs";
process.on("exit", () => {
  const c = process.cpuUsage();
  writeSync(2, "\\n@@startup " + JSON.stringify({ cpuMs: (c.user + c.system) / 1000, maxRssKb: process.resourceUsage().maxRSS }) + "\\n");
});
`;

interface Run {
  readonly cpuMs: number;
  readonly maxRssKb: number;
}

function once(args: readonly string[]): Run {
  const r = spawnSync(process.execPath, ["--import", join(OUT, "report.mjs"), ...args], { cwd: ROOT, encoding: "utf8" });
  const line = /@@startup (.*)/.exec(r.stderr ?? "")?.[1];
  if (r.status !== 0 || line === undefined) throw new Error(`node ${args.join(" ")} exited ${r.status}: ${r.stderr}`);
  return JSON.parse(line) as Run;
}

const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Each argument list's runs, the lists run in turn, round after round (runs[list][round]). */
function measureInterleaved(lists: readonly (readonly string[])[]): Run[][] {
  const runs: Run[][] = lists.map(() => []);
  for (let round = 0; round < RUNS; round++) lists.forEach((args, i) => runs[i]!.push(once(args)));
  return runs;
}

const medianRun = (runs: readonly Run[]): Run => ({ cpuMs: median(runs.map((x) => x.cpuMs)), maxRssKb: median(runs.map((x) => x.maxRssKb)) });

export const startup: Scenario = {
  name: "startup",
  async run(ctx) {
    await rm(OUT, { recursive: true, force: true });
    await mkdir(join(OUT, "bin"), { recursive: true });
    await bundle({ "cli/main": join(ROOT, "src/cli/main.ts") }, join(OUT, "dist"));
    await copyFile(join(ROOT, "bin", "scanform.js"), join(OUT, "bin", "scanform.js"));
    await symlink(join(ROOT, "schemas"), join(OUT, "schemas"), "dir");
    await writeFile(join(OUT, "report.mjs"), REPORT);
    const bin = join(OUT, "bin", "scanform.js");
    const commands = [
      { metric: "CPU: scanform --version", args: ["--version"], limit: 1.5 },
      { metric: "CPU: scanform --help", args: ["--help"], limit: 1.5 },
      { metric: "CPU: scanform validate scans/", args: ["validate", "scans/"], limit: 2.5 },
    ] as const;
    const [bareRuns, ...measuredRuns] = measureInterleaved([["-e", "0"], ...commands.map((c) => [bin, ...c.args])]);
    const bare = medianRun(bareRuns!);
    ctx.print(`bare node -e 0: ${ms(bare.cpuMs)} CPU, ${mb(bare.maxRssKb * 1024)} peak RSS (median of ${RUNS}, interleaved with the commands)`);
    ctx.print(`ratio = the median over the ${RUNS} rounds of the command's CPU over bare node's in the same round`);
    return commands.map((c, i): Row => {
      const runs = measuredRuns[i]!;
      const m = medianRun(runs);
      const times = median(runs.map((run, round) => run.cpuMs / bareRuns![round]!.cpuMs));
      ctx.print(`scanform ${c.args.join(" ")}: ${ms(m.cpuMs)} CPU, ${mb(m.maxRssKb * 1024)} peak RSS; ratio ${times.toFixed(2)}×`);
      return { scenario: "startup", metric: c.metric, measured: ms(m.cpuMs), target: `≤ ${c.limit}× bare node (${ms(bare.cpuMs)})`, ratio: `${times.toFixed(2)}×`, pass: times <= c.limit };
    });
  },
};
