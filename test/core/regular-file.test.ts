/**
 * Reading a file that may be hostile: whole and exact when it fits the limit, whatever size it
 * reports, and refused once it holds more.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { open } from "node:fs/promises";
import { readAtMost, readRegularFile } from "../../src/core/regular-file.js";

const dir = mkdtempSync(join(tmpdir(), "scanform-regular-file-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function fileOf(bytes: number): string {
  const path = join(dir, `f${bytes}`);
  writeFileSync(path, Buffer.from(Array.from({ length: bytes }, (_, i) => 97 + (i % 26))));
  return path;
}

describe("readRegularFile", () => {
  it("reads a file whole, byte for byte", async () => {
    const path = fileOf(200_000);
    const read = await readRegularFile(path, 1_000_000);
    expect(read.ok && read.bytes.equals(readFileSync(path))).toBe(true);
  });

  it("reads a file exactly as long as the limit", async () => {
    const read = await readRegularFile(fileOf(70_000), 70_000);
    expect(read.ok && read.bytes.length).toBe(70_000);
  });

  it("refuses a file a byte longer than the limit", async () => {
    expect(await readRegularFile(fileOf(70_001), 70_000)).toEqual({ ok: false, problem: "too-large" });
  });

  it("reads past a size that said less than the file holds", async () => {
    const path = fileOf(300_001);
    const handle = await open(path);
    try {
      const bytes = await readAtMost(handle, 10, 1_000_000);
      expect(bytes?.equals(readFileSync(path))).toBe(true);
    } finally {
      await handle.close();
    }
  });

  it.skipIf(process.platform !== "linux")("reads past the size a file reports (0 under /proc) to its end", async () => {
    const read = await readRegularFile("/proc/self/smaps", 64 * 1024 * 1024);
    expect(read.ok).toBe(true);
    const text = read.ok ? read.bytes.toString("utf8") : "";
    // Longer than the first read of a file that reports no size, and whole: every line is a mapping's or a field's.
    expect(text.length).toBeGreaterThan(64 * 1024);
    expect(text.endsWith("\n")).toBe(true);
    const lines = text.slice(0, -1).split("\n");
    expect(lines.filter((l) => !/^([0-9a-f]+-[0-9a-f]+ [-rwxps]{4} |[A-Za-z_]+:)/.test(l))).toEqual([]);
  });

  it("says what a path is when it is not a regular file", async () => {
    expect(await readRegularFile(dir, 1000)).toEqual({ ok: false, problem: "not-a-file", kind: "a directory" });
  });
});
