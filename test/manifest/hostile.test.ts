/**
 * Files written to break the loader rather than to configure scans: every one ends in findings
 * with a code, never in an exception. The big figures (MBs, minutes) belong to the reliability
 * suite; these show each behaviour at the smallest size where it appears.
 */
import { execFileSync } from "node:child_process";
import { closeSync, constants, openSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadDesired, type LoadResult } from "../../src/manifest/index.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "scanform-hostile-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

let written = 0;
async function load(text: string): Promise<LoadResult> {
  return loadDesired([join(dir, await writeManifest(text))], { cwd: dir });
}

async function writeManifest(text: string): Promise<string> {
  const name = `m${++written}.yaml`;
  await writeFile(join(dir, name), text);
  return name;
}

const codes = (result: LoadResult): string[] => (result.ok ? [] : result.diagnostics.map((d) => d.code));
const messages = (result: LoadResult): string[] => (result.ok ? [] : result.diagnostics.map((d) => d.message));

describe("keys the language does not have", () => {
  it.each([
    ["a number under a vendor", "vendors:\n  hexiosec: { timeout: 30 }\n"],
    ["a mapping under a vendor, written in block style", "vendors:\n  hexiosec:\n    timeout: { seconds: 30 }\n"],
    ["__proto__ under a vendor", "vendors:\n  hexiosec:\n    __proto__: {}\n"],
    ["a number under a vendor, with an anchor elsewhere", "x-a: &a 1\nvendors:\n  qualys:\n    retries: 3\n"],
  ])("are reported, whatever their value: %s", async (_what, text) => {
    expect(codes(await load(text))).toEqual(["MANIFEST_UNKNOWN_KEY"]);
  });

  it("are reported under vendors, and a known vendor beside them is still checked", async () => {
    const result = await load("vendors:\n  timeout: 30\n  cortex: { url: ftp://cortex.example }\n");
    expect(codes(result)).toEqual(["MANIFEST_UNKNOWN_KEY", "MANIFEST_BAD_URL"]);
  });
});

describe("a file with more findings than a call can take arguments", () => {
  it("reports every one of them", async () => {
    const result = await load("a: 1\n".repeat(140_000));
    expect(codes(result).filter((c) => c === "MANIFEST_DUPLICATE_KEY")).toHaveLength(139_999);
  }, 60_000);

  it("lists the first YAML syntax errors of a document and counts the rest in one finding", async () => {
    const result = await loadDesired([join(dir, await writeManifest("]\n".repeat(10)))], { cwd: dir, limits: { syntaxErrors: 3 } });
    expect(result.ok ? [] : result.diagnostics.map((d) => `${d.code}@${d.source?.line}`)).toEqual([
      "MANIFEST_YAML_SYNTAX@1",
      "MANIFEST_YAML_SYNTAX@2",
      "MANIFEST_YAML_SYNTAX@3",
      "MANIFEST_YAML_SYNTAX@4",
    ]);
    expect(messages(result)[3]).toBe("7 more YAML syntax errors in this document, from here on, are not listed");
  });
});

describe("paths that are no regular file", () => {
  it.each(["/dev/zero", "/dev/urandom", "/dev/null"])("refuses %s without reading it", async (device) => {
    const result = await loadDesired([device], { cwd: dir });
    expect(codes(result)).toEqual(["MANIFEST_NOT_A_FILE"]);
    expect(messages(result)).toEqual(["this is a character device, not a regular file; only regular files are read as manifests"]);
  });

  it.skipIf(process.platform === "win32")("refuses a FIFO without waiting for a writer", async () => {
    const fifo = join(dir, "pipe.yaml");
    execFileSync("mkfifo", [fifo]);
    try {
      const result = await loadDesired([fifo], { cwd: dir });
      expect(codes(result)).toEqual(["MANIFEST_NOT_A_FILE"]);
      expect(messages(result)[0]).toMatch(/^this is a FIFO/);
    } finally {
      // Were the FIFO opened for reading after all, this lets that read end.
      try {
        closeSync(openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK));
      } catch {
        // No reader: nothing is waiting.
      }
    }
  }, 5_000);

  it("still reads a manifest named through a symbolic link", async () => {
    const target = join(dir, "real.yaml");
    await writeFile(target, "vendors: {}\n");
    execFileSync("ln", ["-s", target, join(dir, "link.yaml")]);
    expect((await loadDesired([join(dir, "link.yaml")], { cwd: dir })).ok).toBe(true);
  });
});

describe("the size limit", () => {
  it("counts the bytes read, not the size the file system reports", async () => {
    // Files under /proc report a size of 0 and hold more.
    const result = await loadDesired(["/proc/self/status"], { cwd: dir, limits: { fileBytes: 64 } });
    expect(codes(result)).toEqual(["MANIFEST_FILE_TOO_LARGE"]);
    expect(messages(result)).toEqual(["the file holds more than 64 bytes, the limit"]);
  });

  it("reads a file of exactly the limit", async () => {
    const text = `vendors: {}\n${"#".repeat(51)}\n`;
    expect(Buffer.byteLength(text)).toBe(64);
    const file = join(dir, "exact.yaml");
    await writeFile(file, text);
    expect((await loadDesired([file], { cwd: dir, limits: { fileBytes: 64 } })).ok).toBe(true);
  });
});

describe("findings about long values stay short", () => {
  const seeds = (values: readonly string[]) => `hexiosec:\n  scans:\n    s:\n      group: S\n      type: adhoc\n      seeds: [${values.join(", ")}]\n`;

  it("quote at most 100 characters of a written value, and say how long it is", async () => {
    const result = await load(seeds([`"${"a".repeat(1_000)}!"`]));
    expect(codes(result)).toEqual(["MANIFEST_BAD_SEED"]);
    const [message] = messages(result);
    expect(message).toContain(`"${"a".repeat(100)}…" (1001 characters)`);
    expect(message!.length).toBeLessThan(300);
  });

  it("stay short when every alias of one long bad value is reported", async () => {
    const result = await load(`x-a: &a "${"a".repeat(1_000)}!"\n${seeds(Array.from({ length: 50 }, () => "*a"))}`);
    expect(codes(result)).toHaveLength(50);
    expect(Math.max(...messages(result).map((m) => m.length))).toBeLessThan(300);
  });

  it("quote an unknown key of any length briefly", async () => {
    const result = await load(`vendors:\n  hexiosec:\n    ${"k".repeat(1_000)}: x\n`);
    expect(codes(result)).toEqual(["MANIFEST_UNKNOWN_KEY"]);
    expect(messages(result)[0]!.length).toBeLessThan(300);
  });

  it("are cut at the loader's message limit, also when the YAML library quotes a long token", async () => {
    const result = await loadDesired([join(dir, await writeManifest("- a\nb: " + "c".repeat(1_000)))], { cwd: dir, limits: { messageChars: 120 } });
    expect(codes(result)).toContain("MANIFEST_YAML_SYNTAX");
    for (const m of messages(result)) expect(m.length).toBeLessThanOrEqual(120 + "… (99999 characters in all)".length);
    expect(messages(result).some((m) => m.endsWith("characters in all)"))).toBe(true);
  });
});

describe("nesting", () => {
  it("is refused past 100 levels, the mapping around the brackets included, at the bracket that crosses it, before any parser recurses", async () => {
    const result = await load(`hexiosec: ${"[".repeat(50_000)}${"]".repeat(50_000)}\n`);
    expect(result.ok ? [] : result.diagnostics.map((d) => `${d.code}@${d.source?.line}:${d.source?.column}`)).toEqual(["MANIFEST_TOO_DEEP@1:110"]);
    expect(messages(result)).toEqual(["the YAML nests deeper than 100 levels here"]);
  });

  it("is refused past the limit in block style too", async () => {
    const text = "x-a:\n a:\n  b:\n   c:\n    d:\n     e: 1\n";
    const result = await loadDesired([join(dir, await writeManifest(text))], { cwd: dir, limits: { depth: 4 } });
    expect(codes(result)).toEqual(["MANIFEST_TOO_DEEP"]);
  });

  it("does not count brackets inside quoted text and comments", async () => {
    const result = await load(`x-a: "${"[".repeat(200)}"  # ${"{".repeat(200)}\nx-b: '${"[".repeat(200)}'\nx-c: Bob's ${"[".repeat(5)}]]]]]\n`);
    expect(codes(result)).toEqual([]);
  });
});
