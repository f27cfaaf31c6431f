/**
 * Hostile files given as manifests: each is refused with exit 1 and a clear message, no stack
 * trace, within bounded time, memory and output. `validate` reads files exactly as plan and apply
 * do, so it is the command under test.
 */
import { execFileSync } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, it } from "vitest";
import { expectCleanRefusal } from "./bounded.js";
import { runScanform } from "./child.js";
import { fromRun, report } from "./figures.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "scanform-hostile-files-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const scan = (fields: string): string => `hexiosec:\n  scans:\n    s:\n      group: Security\n      type: continuous_own\n${fields}`;
const repeat = (n: number, one: (i: number) => string): string => Array.from({ length: n }, (_, i) => one(i)).join("");

/** The name of each case, what it writes (or the path it names), as the issue lists them. */
const CASES: readonly { readonly tried: string; readonly file: () => Promise<string> }[] = [
  {
    tried: "alias bomb: 9 levels of 9 aliases (387 M nodes expanded)",
    file: () => put("alias-bomb.yaml", `a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n${repeat(8, (i) => `a${i + 1}: &a${i + 1} [${repeat(9, () => `*a${i}, `).slice(0, -2)}]\n`)}hexiosec: { scans: { s: *a8 } }\n`),
  },
  { tried: "deep nesting: 50,000 nested flow sequences", file: () => put("deep.yaml", `hexiosec: ${"[".repeat(50_000)}${"]".repeat(50_000)}\n`) },
  { tried: "50 MB file (over the 5 MB manifest limit)", file: () => put("big.yaml", "# padding line, 32 bytes long.\n".repeat((50 * 1024 * 1024) / 32)) },
  { tried: "/dev/zero given as the manifest", file: async () => "/dev/zero" },
  {
    tried: "a FIFO nobody writes to, named manifest.yaml",
    file: async () => {
      const path = join(dir, "fifo.yaml");
      execFileSync("mkfifo", [path]);
      return path;
    },
  },
  { tried: "invalid UTF-8 inside a seed", file: () => put("utf8.yaml", Buffer.concat([Buffer.from(scan("      seeds: [\"a")), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from('.example.com"]\n')])) },
  { tried: "`__proto__` and `constructor` keys under vendors and scans", file: () => put("proto.yaml", `vendors:\n  __proto__: {}\n  constructor: { url: x }\nhexiosec:\n  scans:\n    __proto__: { group: Security, type: adhoc, seeds: [a.example.com] }\n    constructor: { group: Security, type: adhoc, seeds: [b.example.com] }\n`) },
  { tried: "a non-string setting under vendors (`timeout: 30`)", file: () => put("vendors-number.yaml", "vendors:\n  timeout: 30\n") },
  {
    tried: "output amplification: 2,000 aliases of one 100 KB bad seed",
    file: () => put("amplify.yaml", scan(`      seeds: [&bad "${"a".repeat(100_000)}", ${repeat(2000, () => "*bad, ").slice(0, -2)}]\n`)),
  },
  { tried: "300,000 YAML syntax errors", file: () => put("errors.yaml", "]\n".repeat(300_000)) },
  {
    tried: "a 4 MB timezone (did-you-mean over every zone)",
    file: () => put("timezone.yaml", `qualys:\n  profiles: { p: { name: P } }\n  webApps: { w: { url: "https://w.example.com/" } }\n  schedules:\n    s: { type: VULNERABILITY, webApps: [w], profile: p, every: { days: 1 }, at: "01:00", timezone: "${"Europe/Lodnon".repeat(300_000)}" }\n`),
  },
];

async function put(name: string, content: string | Buffer): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, content);
  return path;
}

describe("a hostile manifest file", () => {
  for (const { tried, file } of CASES) {
    it(`is refused with exit 1, a clear message and bounded time, memory and output: ${tried}`, async (context) => {
      const path = await file();
      const run = await runScanform(["validate", path], { cwd: dir, env: {}, deadlineMs: 25_000 });
      report(context, fromRun("Hostile files", tried, run, { "bytes printed": run.stdoutBytes + run.stderrBytes }));
      expectCleanRefusal(run);
    });
  }
});
