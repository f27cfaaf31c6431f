/** The local state file's layout: JSON with one resource and one journal entry a line. */
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { layOutState } from "../../src/state/local/layout.js";
import { LocalBackend } from "../../src/state/local/local-backend.js";
import type { StateSnapshot } from "../../src/state/model.js";
import { emptySnapshot } from "../../src/state/snapshot.js";
import { journalEntry, stateEntry, withEntries } from "./fixtures.js";

const launched = { ...stateEntry("qualys.scan.nightly"), lastRun: { id: "run-1", launchedAt: "2026-01-02T00:00:00.000Z", specDigest: "sha256:s" } };
const snapshot: StateSnapshot = {
  ...withEntries(emptySnapshot(), stateEntry("qualys.webApp.shop"), stateEntry("hexiosec.scan.perimeter", { name: "perimeter", seeds: ["a.example.com", "b.example.com"] }), launched),
  journal: [journalEntry("j-1", "qualys.webApp.blog"), journalEntry("j-2", "cortex.scan.lan", { operation: "launch" })],
};

describe("local state file layout", () => {
  it("holds the same JSON as the snapshot", () => {
    expect(JSON.parse(layOutState(snapshot))).toEqual(JSON.parse(JSON.stringify(snapshot)));
  });

  it("puts each resource and each journal entry on a line of its own, whole", () => {
    const lines = layOutState(snapshot).split("\n");
    for (const address of Object.keys(snapshot.resources)) {
      const line = lines.filter((l) => l.includes(`"${address}"`));
      expect(line).toHaveLength(1);
      expect(JSON.parse(`{${line[0]!.replace(/,$/, "")}}`)).toEqual({ [address]: snapshot.resources[address] });
    }
    for (const entry of snapshot.journal) expect(lines.filter((l) => l.includes(`"${entry.id}"`)).map((l) => JSON.parse(l.replace(/,$/, "")) as unknown)).toEqual([entry]);
  });

  it("writes an empty state's resources and journal as {} and []", () => {
    const empty = emptySnapshot();
    const text = layOutState(empty);
    expect(text).toContain('"resources":{}');
    expect(text).toContain('"journal":[]');
    expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(empty)));
  });

  it("leaves out a field without a value, as JSON.stringify does", () => {
    const text = layOutState({ ...snapshot, extra: undefined } as StateSnapshot);
    expect(text).not.toContain("extra");
  });

  it("ends with a line break", () => {
    expect(layOutState(snapshot).endsWith("}\n")).toBe(true);
  });
});

describe("local state file, as written and read", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "scanform-layout-"));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it("is written in that layout", async () => {
    const path = join(dir, "state.json");
    const backend = new LocalBackend(path);
    const version = await backend.write(snapshot, undefined);
    expect(await readFile(path, "utf8")).toBe(layOutState({ ...snapshot, ...version }));
  });

  it("reads a file written indented, as earlier versions wrote it", async () => {
    const path = join(dir, ".scanform", "state.json");
    await mkdir(join(dir, ".scanform"));
    await writeFile(path, `${JSON.stringify(snapshot, null, 2)}\n`);
    expect(await new LocalBackend(path).read()).toEqual(snapshot);
  });
});
