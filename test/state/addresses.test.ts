/** Keys of the resources table, read from a file a person may have edited: only addresses, each once. */
import { describe, expect, it } from "vitest";
import { migrate } from "../../src/state/migrate.js";
import { replay } from "../../src/state/replay.js";
import { emptySnapshot } from "../../src/state/snapshot.js";
import { stamp } from "../../src/state/stamp.js";
import { stateEntry, withEntries } from "./fixtures.js";

/** Parsed from text, as a file is: JSON.parse makes `__proto__` an own key, where a literal would set the prototype. */
const parsed = (text: string): Record<string, unknown> => JSON.parse(text) as Record<string, unknown>;
const entryText = (address: string): string => JSON.stringify({ ...stateEntry("hexiosec.scan.a"), address });

describe("addresses in the state", () => {
  it.each(["__proto__", "constructor", "not-an-address"])("refuses a state file holding %s as a resource's key, as corrupt", (key) => {
    const raw = { ...emptySnapshot("l"), resources: parsed(`{${JSON.stringify(key)}:${entryText(key)}}`) };
    expect(() => migrate(raw, "/x/state.json")).toThrow(
      expect.objectContaining({ code: "STATE_CORRUPT", message: `State at /x/state.json is corrupt: resources[${JSON.stringify(key)}] must be keyed by an address of the form vendor.kind.name.` }),
    );
  });

  it("refuses a log record putting an entry at __proto__, as corrupt", () => {
    const record = parsed(`{"lineage":"l","serial":1,"edits":[{"put":${entryText("__proto__")}}]}`);
    expect(() => replay(emptySnapshot("l"), [record], "/x/state.json")).toThrow(
      expect.objectContaining({ code: "STATE_CORRUPT", message: `State at /x/state.json is corrupt: log record 0.edits[0].put.address must be an address of the form vendor.kind.name.` }),
    );
  });

  it("refuses to write a snapshot holding __proto__ as a resource's key", () => {
    const next = { ...withEntries(emptySnapshot("l"), stateEntry("hexiosec.scan.a")), resources: parsed(`{"__proto__":${entryText("__proto__")}}`) } as never;
    expect(() => stamp("/x/state.json", next, undefined)).toThrow(expect.objectContaining({ code: "STATE_INVALID" }));
  });
});
