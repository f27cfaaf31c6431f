/**
 * Every `scanform ...` (or `npx scanform ...`) line shown in a ```sh block of README.md and
 * docs/**\/*.md runs, in the order shown, against the emulators on a copy of scans/, and exits
 * with the code its documentation gives (0 unless listed in EXPECTED); none may crash. A line
 * that cannot run here is listed in SKIPPED with the reason, and a listed line that the docs no
 * longer show fails the test, so neither list can rot.
 */
import { cp, mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { Readable } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import type { CliIO } from "../../src/cli/io.js";
import { EXIT } from "../../src/core/exit-codes.js";
import { main } from "../../src/cli/main.js";
import { runCli, SCANS_DIR, startE2E, type E2E } from "../e2e/harness.js";
import { documentationFiles, REPO_ROOT } from "./markdown-files.js";

/** `file: command` → why it does not run here. */
const SKIPPED = new Map<string, string>([
  ["README.md: npx scanform emulate &", "runs until stopped; this test starts the emulators itself"],
  ["docs/state.md: scanform force-unlock 6f1c0d2e-… scans/", "needs a lock held by a run that is gone; the ID is a placeholder"],
  ["docs/state.md: scanform force-unlock 6f1c0d2e-… scans/ --force", "needs a lock held by a run that is gone; the ID is a placeholder"],
  ["docs/state.md: scanform state journal resolve 5c1e… --landed 4711 scans/", "needs a journal entry an interrupted apply left open; the ID is a placeholder"],
  ["docs/state.md: scanform state journal resolve 5c1e… --landed 4711 --run 8812 scans/", "needs a journal entry an interrupted apply left open; the ID is a placeholder"],
  ["docs/state.md: scanform state journal resolve 5c1e… --absent scans/", "needs a journal entry an interrupted apply left open; the ID is a placeholder"],
  ["docs/manifest.md: scanform validate a.yaml b.yaml", "a.yaml and b.yaml stand for any manifest files"],
  ["docs/state.md: scanform state rm cortex.scan.old scans/", "names an address the example manifests do not have"],
]);

/** `file: command` → the exit code its documentation gives, when it is not 0. */
const EXPECTED = new Map<string, number>([
  // The README says so: the example Qualys scan fails on findings by design.
  ["README.md: npx scanform wait scans/", EXIT.gateTripped],
  ["docs/apply.md: scanform wait scans/", EXIT.gateTripped],
]);

/** Files whose commands read state the example manifests must first have been applied to. */
const APPLIED_FIRST = new Set(["docs/state.md"]);

interface Shown {
  readonly file: string;
  readonly line: number;
  readonly command: string;
}

/** Shell words up to an unquoted comment; quotes are removed. Enough for what docs show. */
function words(line: string): string[] {
  const out: string[] = [];
  const word = /\s*(?:(#.*)|((?:'[^']*'|"[^"]*"|[^\s'"])+))/gy;
  for (let m = word.exec(line); m && !m[1] && m[2]; m = word.exec(line)) out.push(m[2].replace(/'([^']*)'|"([^"]*)"/g, "$1$2"));
  return out;
}

function commandsIn(file: string, markdown: string): Shown[] {
  const shown: Shown[] = [];
  for (const block of markdown.matchAll(/^( *)```(?:sh|bash|shell)\b[^\n]*\n([\s\S]*?)^\1```/gm)) {
    const first = markdown.slice(0, block.index).split("\n").length + 1;
    const lines = block[2]!.replace(/\\\n\s*/g, "").split("\n");
    const numbers = block[2]!.split("\n").map((_, i) => first + i);
    lines.forEach((text, i) => {
      const w = words(text.trim());
      if (w[0] === "scanform" || (w[0] === "npx" && w[1] === "scanform")) shown.push({ file, line: numbers[i] ?? first, command: w.join(" ") });
    });
  }
  return shown;
}

const files = await documentationFiles();
const shown: Shown[] = [];
for (const file of files) shown.push(...commandsIn(file, await readFile(join(REPO_ROOT, file), "utf8")));
const byFile = new Map<string, Shown[]>();
for (const s of shown) byFile.set(s.file, [...(byFile.get(s.file) ?? []), s]);
const key = (s: Shown): string => `${s.file}: ${s.command}`;

/** Runs one shown command line in `cwd`, a person typing `yes` at a terminal when asked. */
async function run(e2e: E2E, cwd: string, command: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const w = command.split(" ").slice(command.startsWith("npx ") ? 2 : 1);
  const redirect = w.indexOf(">");
  const argv = redirect < 0 ? w : w.slice(0, redirect);
  let stdout = "";
  let stderr = "";
  const stdin = Object.assign(Readable.from(["yes\n"]), { isTTY: true });
  const io: CliIO = { stdout: { write: (s: string) => (stdout += s), isTTY: false }, stderr: { write: (s: string) => (stderr += s), isTTY: false }, stdin, env: e2e.env, cwd };
  const code = await main(argv, io);
  if (redirect >= 0) await writeFile(join(cwd, w[redirect + 1]!), stdout);
  return { code, stdout, stderr };
}

describe("the commands README.md and docs/ show", () => {
  let e2e: E2E | undefined;
  afterEach(async () => {
    await e2e?.close();
    e2e = undefined;
  });

  it("finds commands in the docs, and every skipped or expected line is still shown", () => {
    expect(shown.length).toBeGreaterThan(30);
    const keys = new Set(shown.map(key));
    expect([...SKIPPED.keys(), ...EXPECTED.keys()].filter((k) => !keys.has(k))).toEqual([]);
  });

  it.each([...byFile.keys()])("%s: each command runs against the emulators and exits with its documented code", async (file) => {
    e2e = await startE2E({ from: SCANS_DIR, files: [] });
    const cwd = join(e2e.dir, "work");
    await mkdir(cwd);
    await cp(SCANS_DIR, join(cwd, "scans"), { recursive: true });
    if (APPLIED_FIRST.has(file)) expect((await run(e2e, cwd, "scanform apply --auto-approve scans/")).code).toBe(EXIT.ok);
    const outcomes: string[] = [];
    const wanted: string[] = [];
    for (const s of byFile.get(file)!) {
      if (SKIPPED.has(key(s))) continue;
      const r = await run(e2e, cwd, s.command);
      const expected = EXPECTED.get(key(s)) ?? EXIT.ok;
      wanted.push(`${s.file}:${s.line} ${s.command} → ${expected}`);
      outcomes.push(`${s.file}:${s.line} ${s.command} → ${r.code}${r.code === expected ? "" : `\n${r.stderr.slice(0, 600)}`}`);
    }
    expect(outcomes).toEqual(wanted);
  }, 60_000);

  it("docs/manifest.md shows the summary `validate scans/` prints for the example manifests", async () => {
    const r = await runCli(["validate", "scans/"], { env: {}, cwd: REPO_ROOT });
    expect(r.code).toBe(EXIT.ok);
    expect(await readFile(join(REPO_ROOT, "docs/manifest.md"), "utf8")).toContain(`\n${r.stdout}\`\`\``);
  });
});
