/**
 * Directories and paths the user running scanform may not read (a database volume such as
 * `pgdata/`, mode 700, at the repository root). The failures are injected: as root, as in CI
 * containers, chmod 000 does not stop a read.
 */
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { loadDesired, type LoadResult } from "../../src/manifest/index.js";

/** Paths whose readdir or stat fails, with the errno code it fails with. */
const failing = vi.hoisted(() => ({ readdir: new Map<string, string>(), stat: new Map<string, string>() }));

vi.mock("node:fs/promises", async (importOriginal) => {
  const actual = await importOriginal<typeof import("node:fs/promises")>();
  const fail = (syscall: string, path: unknown, code: string | undefined): void => {
    if (code !== undefined) throw Object.assign(new Error(`${code}: ${syscall} '${String(path)}'`), { code, syscall, path });
  };
  return {
    ...actual,
    readdir: ((path: string, options: never) => {
      fail("scandir", path, failing.readdir.get(String(path)));
      return actual.readdir(path, options);
    }) as typeof actual.readdir,
    stat: ((path: string, options: never) => {
      fail("stat", path, failing.stat.get(String(path)));
      return actual.stat(path, options);
    }) as typeof actual.stat,
  };
});

let repo: string;
beforeEach(async () => {
  repo = await mkdtemp(join(tmpdir(), "scanform-unreadable-"));
});
afterEach(async () => {
  failing.readdir.clear();
  failing.stat.clear();
  await rm(repo, { recursive: true, force: true });
});

const SCAN = "hexiosec:\n  scans:\n    a:\n      group: Security\n      type: adhoc\n      seeds: [example.com]\n";

const findings = (result: LoadResult) =>
  result.ok ? [] : result.diagnostics.map((d) => ({ code: d.code, message: d.message, hint: d.hint, file: d.source?.file }));

describe("a directory the walk cannot read", () => {
  it("fails the load with a finding naming it and why, rather than leaving its manifests out", async () => {
    await writeFile(join(repo, "a.yaml"), SCAN);
    await mkdir(join(repo, "pgdata"));
    failing.readdir.set(join(repo, "pgdata"), "EACCES");
    expect(findings(await loadDesired([], { cwd: repo }))).toEqual([
      {
        code: "MANIFEST_READ_FAILED",
        message: "pgdata: cannot read this directory: permission denied (EACCES)",
        hint: "Make it readable by the user running scanform, or name the files or directories that hold your manifests so this one is not searched.",
        file: undefined,
      },
    ]);
  });

  it("named on the command line is reported once, without a second finding that it holds no manifests", async () => {
    await mkdir(join(repo, "scans"));
    failing.readdir.set(join(repo, "scans"), "EACCES");
    expect(findings(await loadDesired(["scans"], { cwd: repo })).map((f) => `${f.code}: ${f.message}`)).toEqual([
      "MANIFEST_READ_FAILED: scans: cannot read this directory: permission denied (EACCES)",
    ]);
  });
});

describe("a named path whose stat fails for a reason other than absence", () => {
  it("reports the reason, not that the path does not exist", async () => {
    failing.stat.set(join(repo, "a.yaml"), "EACCES");
    expect(findings(await loadDesired(["a.yaml"], { cwd: repo })).map((f) => `${f.code}: ${f.message}`)).toEqual([
      "MANIFEST_READ_FAILED: a.yaml: cannot read it: permission denied (EACCES)",
    ]);
  });
});
