/** Replaying a log on its snapshot, as both backends read: what a log may repeat, and what it may not. */
import { describe, expect, it } from "vitest";
import { replay } from "../../src/state/replay.js";
import { emptySnapshot } from "../../src/state/snapshot.js";
import type { StateSnapshot } from "../../src/state/model.js";
import { stateEntry, withEntries } from "./fixtures.js";

const base = (): StateSnapshot => ({ ...withEntries(emptySnapshot("l"), stateEntry("hexiosec.scan.a")), serial: 1 });
const put = (serial: number, name: string) => ({ lineage: "l", serial, edits: [{ put: stateEntry(`hexiosec.scan.${name}`) }] });

describe("replay", () => {
  it("skips records at or below the snapshot's serial, left by a fold cut short", () => {
    const s = replay(base(), [put(1, "z"), put(2, "b")], "here");
    expect(s.serial).toBe(2);
    expect(Object.keys(s.resources)).toEqual(["hexiosec.scan.a", "hexiosec.scan.b"]);
  });

  it("reads a record repeated exactly as the one it repeats once", () => {
    const s = replay(base(), [put(2, "b"), put(2, "b"), put(3, "c")], "here");
    expect(s.serial).toBe(3);
    expect(Object.keys(s.resources)).toEqual(["hexiosec.scan.a", "hexiosec.scan.b", "hexiosec.scan.c"]);
  });

  it("refuses two different records of one serial above the snapshot's as corrupt, instead of keeping the first", () => {
    expect(() => replay(base(), [put(2, "b"), put(2, "z")], "here")).toThrow(
      expect.objectContaining({ code: "STATE_CORRUPT", message: expect.stringContaining("log record 1 repeats serial 2 with other edits") }),
    );
  });
});
