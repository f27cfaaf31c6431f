import { describe, expect, it } from "vitest";
import { digest } from "../../src/core/json.js";
import { addresses, emptySnapshot, moveEntry, removeEntry } from "../../src/state/snapshot.js";
import { journalEntry, stateEntry, withEntries } from "./fixtures.js";

const base = withEntries(emptySnapshot("l"), stateEntry("qualys.webApp.shop"), stateEntry("cortex.scan.dc"));

describe("snapshot edits", () => {
  it("lists addresses sorted", () => {
    expect(addresses(base)).toEqual(["cortex.scan.dc", "qualys.webApp.shop"]);
  });

  it("forgets an address and leaves the others", () => {
    expect(addresses(removeEntry(base, "cortex.scan.dc", "s"))).toEqual(["qualys.webApp.shop"]);
  });

  it("refuses to forget an address the state does not hold", () => {
    expect(() => removeEntry(base, "cortex.scan.nope", "s")).toThrow(expect.objectContaining({ code: "STATE_NOT_FOUND" }));
  });

  it("moves an entry to a new name, keeping its vendor ids", () => {
    const moved = moveEntry(base, "qualys.webApp.shop", "qualys.webApp.store", "s");
    expect(addresses(moved)).toEqual(["cortex.scan.dc", "qualys.webApp.store"]);
    expect(moved.resources["qualys.webApp.store"]).toEqual({ ...stateEntry("qualys.webApp.shop"), address: "qualys.webApp.store" });
  });

  it("renames the references to a moved address in the specs that hold them, and keeps their last run matching", () => {
    const spec = { name: "nightly", webApps: ["qualys.webApp.blog", "qualys.webApp.shop"] };
    const schedule = { ...stateEntry("qualys.scan.nightly", spec), digest: digest(spec), lastRun: { id: "r", launchedAt: "t", specDigest: digest(spec) } };
    const moved = moveEntry(withEntries(base, schedule), "qualys.webApp.shop", "qualys.webApp.abc", "s").resources["qualys.scan.nightly"]!;
    expect(moved.spec).toEqual({ name: "nightly", webApps: ["qualys.webApp.abc", "qualys.webApp.blog"] });
    expect([moved.digest, moved.lastRun?.specDigest]).toEqual([digest(moved.spec), digest(moved.spec)]);
  });

  it("moves open journal entries along with their address", () => {
    const s = { ...base, journal: [journalEntry("j", "qualys.webApp.shop")] };
    expect(moveEntry(s, "qualys.webApp.shop", "qualys.webApp.store", "s").journal[0]?.address).toBe("qualys.webApp.store");
  });

  it.each([
    ["to another kind", "qualys.webApp.shop", "qualys.scan.shop", "STATE_ADDRESS_INVALID"],
    ["to something that is not an address", "qualys.webApp.shop", "shop", "STATE_ADDRESS_INVALID"],
    ["onto an address already in the state", "cortex.scan.dc", "cortex.scan.other", "STATE_ADDRESS_TAKEN"],
  ])("refuses a move %s", (_, from, to, code) => {
    const s = withEntries(base, stateEntry("cortex.scan.other"));
    expect(() => moveEntry(s, from, to, "s")).toThrow(expect.objectContaining({ code }));
  });

  // A call made for the address may have landed: settling it later would write its ids onto
  // whatever the address then names (a moved-in object), or re-adopt what was forgotten.
  it("refuses to move onto an address with an open journal entry, naming the entry", () => {
    const s = { ...base, journal: [journalEntry("j-1", "qualys.webApp.store")] };
    expect(() => moveEntry(s, "qualys.webApp.shop", "qualys.webApp.store", "s")).toThrow(expect.objectContaining({ code: "STATE_JOURNAL_OPEN", message: expect.stringContaining("j-1") }));
  });

  it("refuses to forget an address with an open journal entry", () => {
    const s = { ...base, journal: [journalEntry("j-9", "cortex.scan.dc")] };
    expect(() => removeEntry(s, "cortex.scan.dc", "s")).toThrow(expect.objectContaining({ code: "STATE_JOURNAL_OPEN", hint: expect.stringContaining("scanform state journal resolve j-9") }));
  });

  it.each(["__proto__", "constructor", "toString"])("finds no entry at %s, a word Object's prototype lends", (address) => {
    expect(() => removeEntry(base, address, "s")).toThrow(expect.objectContaining({ code: "STATE_NOT_FOUND" }));
    expect(() => moveEntry(base, address, "qualys.webApp.x", "s")).toThrow(expect.objectContaining({ code: "STATE_NOT_FOUND" }));
  });

  it("leaves its input untouched", () => {
    const before = JSON.stringify(base);
    moveEntry(base, "qualys.webApp.shop", "qualys.webApp.store", "s");
    removeEntry(base, "cortex.scan.dc", "s");
    expect(JSON.stringify(base)).toBe(before);
  });
});
