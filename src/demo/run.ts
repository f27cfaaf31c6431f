/**
 * The demo: the whole round trip of scanform on the example manifests, against the bundled
 * emulators, in a temporary directory so nothing of the user's is touched. It drives the real CLI
 * (`main`) step by step and shows each step's real output.
 */
import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmulators } from "../emulators/index.js";
import type { CliIO } from "../cli/io.js";
import { main } from "../cli/main.js";

export interface DemoOptions {
  /** The manifests to copy (the repository's scans/). */
  readonly manifests: string;
  /** How long an emulated scan runs, so `--wait` has something to show. */
  readonly runDurationMs?: number;
  /** Where the results reports go (default: a new temporary directory, kept and named at the end). */
  readonly reportsDir?: string;
}

export interface DemoStep {
  readonly title: string;
  readonly argv: readonly string[];
  /** Exit codes that mean the step did what the demo expects. */
  readonly expect: readonly number[];
}

/** The demo's closing line, printed once every step has exited as expected. */
export const DEMO_FINISHED = "The demo finished: created, launched, waited, and the next plan found no changes.";

/** The results reports the demo's waited runs produce, by file name. */
export const DEMO_REPORTS = { junit: "scan-results.xml", sarif: "scan-results.sarif", markdown: "scan-results.md" } as const;

const reportFlags = (reportsDir: string): string[] => Object.entries(DEMO_REPORTS).flatMap(([kind, file]) => ["--report", `${kind}=${join(reportsDir, file)}`]);

export const demoSteps = (dir: string, reportsDir: string): readonly DemoStep[] => [
  { title: "Validate the manifests", argv: ["validate", dir], expect: [0] },
  { title: "Plan: what would change at the vendors", argv: ["plan", dir, "--detailed-exitcode"], expect: [2] },
  // The emulated scans take seconds, not hours: poll them every second instead of every ten.
  { title: "Apply, launch the scans and wait for them", argv: ["apply", dir, "--auto-approve", "--wait", "--poll-interval", "1s", ...reportFlags(reportsDir)], expect: [0] },
  { title: "Plan again: the vendors now match the manifests", argv: ["plan", dir, "--detailed-exitcode"], expect: [0] },
];

/** Resolves to 0 when every step exited as expected, else the first unexpected exit code. */
export async function runDemo(io: CliIO, options: DemoOptions): Promise<number> {
  const runMs = options.runDurationMs ?? 3_000;
  const emulators = await startEmulators({
    vendorOptions: {
      hexiosec: { pendingMs: runMs / 5, runDurationMs: runMs },
      cortex: { pendingMs: runMs / 5, runDurationMs: runMs },
      // Findings below the examples' failOn threshold (severity 4), so the wait passes and prints them.
      qualys: { submittedMs: runMs / 5, runDurationMs: runMs, outcomes: { "Shop (production)": { vulns: [3, 2, 1, 0, 0] } } },
    },
  });
  const dir = await mkdtemp(join(tmpdir(), "scanform-demo-"));
  const reportsDir = options.reportsDir ?? (await mkdtemp(join(tmpdir(), "scanform-demo-reports-")));
  try {
    await cp(options.manifests, dir, { recursive: true });
    io.stdout.write(`scanform demo: emulators on 127.0.0.1, manifests copied to ${dir}\n`);
    const env = { ...io.env, ...emulators.env };
    for (const [i, step] of demoSteps(dir, reportsDir).entries()) {
      io.stdout.write(`\n━━ ${i + 1}. ${step.title}\n$ scanform ${step.argv.join(" ")}\n\n`);
      const code = await main(step.argv, { ...io, env, cwd: dir });
      if (!step.expect.includes(code)) {
        io.stderr.write(`\nThe demo stopped: \`scanform ${step.argv[0]}\` exited ${code}, expected ${step.expect.join(" or ")}.\n`);
        return code === 0 ? 1 : code;
      }
    }
    io.stdout.write(`\nThe waited runs' results reports (JUnit, SARIF, Markdown) are in ${reportsDir}\n`);
    io.stdout.write(`\n${DEMO_FINISHED}\n`);
    return 0;
  } finally {
    await emulators.close();
    await rm(dir, { recursive: true, force: true });
  }
}
