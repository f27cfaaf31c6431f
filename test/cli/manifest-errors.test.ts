/**
 * Every command that needs the manifests prints their findings, as `validate` does (file:line:col,
 * code, message, hint), instead of sending the person to run `validate`; with --json, as JSON.
 */
import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { EXIT } from "../../src/core/exit-codes.js";
import { main } from "../../src/cli/main.js";
import { cliIO } from "../apply/workspace-fake.js";

const BAD_CIDR = fileURLToPath(new URL("../fixtures/manifest/bad/bad-cidr.yaml", import.meta.url));

let cwd: string;
beforeEach(async () => {
  cwd = await mkdtemp(join(tmpdir(), "scanform-manifest-errors-"));
  await cp(BAD_CIDR, join(cwd, "main.yaml"));
});
afterEach(() => rm(cwd, { recursive: true, force: true }));

async function scanform(...argv: string[]) {
  const { io, out, err } = cliIO({ cwd });
  const code = await main(argv, io);
  return { code, stdout: out(), stderr: err() };
}

describe("a command run on manifests with errors", () => {
  it.each([["plan"], ["apply", "--auto-approve"], ["wait"], ["status"]])("%s prints each finding with file:line:col, and exits 1", async (...argv) => {
    const r = await scanform(...argv);
    expect(r.code).toBe(EXIT.error);
    expect(r.stderr).toContain('main.yaml:7:28: error MANIFEST_BAD_SEED: "203.0.113.0/33": prefix length 33 is out of range');
    expect(r.stderr).not.toContain("scanform validate");
  });

  it("reads like the golden file", async () => {
    await expect((await scanform("plan")).stderr).toMatchFileSnapshot("__golden__/plan-manifest-invalid.txt");
  });

  it("plan --json prints the findings as JSON on stdout", async () => {
    const r = await scanform("plan", "--json");
    expect(r.code).toBe(EXIT.error);
    const printed = JSON.parse(r.stdout) as { valid: boolean; diagnostics: { code: string; file: string; line: number; column: number }[] };
    expect(printed.valid).toBe(false);
    expect(printed.diagnostics.map((d) => [d.code, d.line, d.column])).toEqual([["MANIFEST_BAD_SEED", 7, 28]]);
  });

  // Their stdout is JSON lines of apply events, or a status or doctor document: validate's document would be neither.
  it.each([["apply", "--auto-approve", "--json"], ["wait", "--json"], ["status", "--json"], ["doctor", "--json"]])("%s keeps stdout for its own JSON, printing the findings on stderr", async (...argv) => {
    const r = await scanform(...argv);
    expect(r.code).toBe(EXIT.error);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("main.yaml:7:28: error MANIFEST_BAD_SEED");
  });
});
