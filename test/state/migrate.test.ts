import { describe, expect, it } from "vitest";
import { migrate, upgrade } from "../../src/state/migrate.js";
import { emptySnapshot } from "../../src/state/snapshot.js";
import { journalEntry, stateEntry, withEntries } from "./fixtures.js";

const valid = (): Record<string, unknown> => JSON.parse(JSON.stringify(withEntries(emptySnapshot("l"), stateEntry("qualys.webApp.shop"))));

function codeAndMessage(raw: unknown): { code: string; message: string } {
  try {
    migrate(raw, "/x/state.json");
  } catch (e) {
    return { code: (e as { code: string }).code, message: (e as Error).message };
  }
  throw new Error("migrate accepted it");
}

describe("migrate", () => {
  it("accepts a state of the current version as it is", () => {
    expect(migrate(valid())).toEqual(valid());
  });

  it("refuses a state written by a newer scanform, saying to upgrade", () => {
    const e = codeAndMessage({ ...valid(), version: 2 });
    expect(e.code).toBe("STATE_VERSION_UNSUPPORTED");
    expect(e.message).toBe("State at /x/state.json has format version 2, which this scanform cannot read (it reads versions up to 1).");
  });

  it.each([
    ["not an object", [], "it is not a JSON object"],
    ["no version", { lineage: "l" }, `its "version" is missing, not a format version`],
    ["a version that is not a number", { ...valid(), version: "1" }, `its "version" is "1", not a format version`],
    ["no lineage", { ...valid(), lineage: undefined }, "lineage must be a non-empty string"],
    ["a negative serial", { ...valid(), serial: -1 }, "serial must be a whole number ≥ 0"],
    ["an entry filed under another address", { ...valid(), resources: { "a.b.c": stateEntry("a.b.d") } }, `resources["a.b.c"].address must be its key, "a.b.c"`],
    ["an entry with an unknown origin", { ...valid(), resources: { "a.b.c": { ...stateEntry("a.b.c"), origin: "found" } } }, `resources["a.b.c"].origin must be one of created, adopted`],
    ["a vendor id that is not a string", { ...valid(), resources: { "a.b.c": { ...stateEntry("a.b.c"), ids: { id: 7 } } } }, `resources["a.b.c"].ids.id must be a non-empty string`],
    ["a spec that is not an object", { ...valid(), resources: { "a.b.c": { ...stateEntry("a.b.c"), spec: "x" } } }, `resources["a.b.c"].spec must be an object`],
    ["a protect that is not true or false", { ...valid(), resources: { "a.b.c": { ...stateEntry("a.b.c"), protect: "no" } } }, `resources["a.b.c"].protect must be true or false`],
    ["a last run without its digest", { ...valid(), resources: { "a.b.c": { ...stateEntry("a.b.c"), lastRun: { id: "r", launchedAt: "t" } } } }, `resources["a.b.c"].lastRun.specDigest must be a non-empty string`],
    ["an entry without updatedAt", { ...valid(), resources: { "a.b.c": { ...stateEntry("a.b.c"), updatedAt: "" } } }, `resources["a.b.c"].updatedAt must be a non-empty string`],
    ["a journal that is not a list", { ...valid(), journal: {} }, "journal must be a list"],
    ["a journal entry with an unknown operation", { ...valid(), journal: [{ ...journalEntry("j"), operation: "delete" }] }, "journal[0].operation must be one of create, launch"],
  ])("calls a state with %s corrupt, naming the field", (_, raw, problem) => {
    expect(codeAndMessage(raw)).toEqual({ code: "STATE_CORRUPT", message: `State at /x/state.json is corrupt: ${problem}.` });
  });
});

describe("the version ladder", () => {
  const ladder = [
    { from: 1, upgrade: (raw: Readonly<Record<string, unknown>>) => ({ ...raw, renamed: raw.old, old: undefined }) },
    { from: 2, upgrade: (raw: Readonly<Record<string, unknown>>) => ({ ...raw, added: true }) },
  ];

  it("upgrades an old state one version at a time to the current one", () => {
    expect(upgrade({ version: 1, old: "v" }, "s", ladder, 3)).toEqual({ version: 3, renamed: "v", old: undefined, added: true });
  });

  it("refuses a version no step upgrades from", () => {
    expect(() => upgrade({ version: 1 }, "s", ladder.slice(1), 3)).toThrow(expect.objectContaining({ code: "STATE_VERSION_UNSUPPORTED" }));
  });
});
