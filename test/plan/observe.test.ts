import { describe, expect, it } from "vitest";
import { ScanformError } from "../../src/core/errors.js";
import type { VendorSession } from "../../src/vendors/driver.js";
import { observeAll } from "../../src/plan/observe.js";
import { desired, entry, fakeDrivers, fakeSession, resource, snapshot, type FakeSession } from "./fakes.js";

const empty = { objects: [], diagnostics: [] };

function connector(sessions: Record<string, FakeSession>) {
  const connected: string[] = [];
  const connect = (vendor: string): VendorSession => {
    connected.push(vendor);
    const s = sessions[vendor];
    if (!s) throw new Error(`no fake session for ${vendor}`);
    return s;
  };
  return { connect, connected };
}

describe("observeAll", () => {
  it("reads every vendor that has resources or state entries, and only those", async () => {
    const q = fakeSession(() => empty);
    const h = fakeSession(() => empty);
    const { connect, connected } = connector({ qualys: q, hexiosec: h });
    const r = await observeAll({
      desired: desired([resource("qualys.webApp.shop", { url: "u" })]),
      state: snapshot([entry("hexiosec.scan.corp", {})]),
      drivers: fakeDrivers(),
      connect,
    });
    expect(connected.sort()).toEqual(["hexiosec", "qualys"]);
    expect([...r.observations.keys()].sort()).toEqual(["hexiosec", "qualys"]);
    expect(q.requests[0]!.desired.map((d) => d.address)).toEqual(["qualys.webApp.shop"]);
    expect(h.requests[0]!.state.map((e) => e.address)).toEqual(["hexiosec.scan.corp"]);
  });

  it("reads the vendors concurrently", async () => {
    const started: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const waiting = (v: string) =>
      fakeSession(async () => {
        started.push(v);
        if (started.length === 2) release();
        await gate;
        return empty;
      });
    const { connect } = connector({ qualys: waiting("qualys"), hexiosec: waiting("hexiosec") });
    await observeAll({ desired: desired([resource("qualys.webApp.shop", {}), resource("hexiosec.scan.corp", {})]), state: undefined, drivers: fakeDrivers(), connect });
    expect(started.sort()).toEqual(["hexiosec", "qualys"]);
  });

  it("gives the event loop a turn after each vendor's observe starts, so its requests go out before the next vendor's work", async () => {
    const events: string[] = [];
    const starting = (v: string) =>
      fakeSession(() => {
        events.push(`${v} observes`);
        setImmediate(() => events.push(`${v}'s requests written`));
        return empty;
      });
    const { connect } = connector({ qualys: starting("qualys"), hexiosec: starting("hexiosec") });
    await observeAll({ desired: desired([resource("qualys.webApp.shop", {}), resource("hexiosec.scan.corp", {})]), state: undefined, drivers: fakeDrivers(), connect });
    expect(events).toEqual(["hexiosec observes", "hexiosec's requests written", "qualys observes", "qualys's requests written"]);
  });

  it("rethrows a vendor's unexpected failure to its caller, while it starts the next vendor", async () => {
    const broken = fakeSession(() => Promise.reject(new Error("driver bug")));
    const { connect } = connector({ hexiosec: broken, qualys: fakeSession(() => empty) });
    const read = observeAll({ desired: desired([resource("qualys.webApp.shop", {}), resource("hexiosec.scan.corp", {})]), state: undefined, drivers: fakeDrivers(), connect });
    await expect(read).rejects.toThrow("driver bug");
  });

  it("does not connect a vendor whose kinds cannot be read back", async () => {
    const { connect, connected } = connector({});
    const r = await observeAll({ desired: desired([resource("cortex.scan.dc", {})]), state: undefined, drivers: fakeDrivers(), connect });
    expect(connected).toEqual([]);
    expect(r.observations.size).toBe(0);
  });

  it("reads nothing with refresh: false", async () => {
    const { connect, connected } = connector({});
    await observeAll({ desired: desired([resource("qualys.webApp.shop", {})]), state: undefined, drivers: fakeDrivers(), connect, refresh: false });
    expect(connected).toEqual([]);
  });

  it("hands drivers the state entries under their moved addresses", async () => {
    const q = fakeSession(() => empty);
    const { connect } = connector({ qualys: q });
    await observeAll({
      desired: desired([resource("qualys.webApp.shop", {})], [{ from: "qualys.webApp.old", to: "qualys.webApp.shop", source: { file: "f", line: 1, column: 1 } }]),
      state: snapshot([entry("qualys.webApp.old", {})]),
      drivers: fakeDrivers(),
      connect,
    });
    expect(q.requests[0]!.state.map((e) => e.address)).toEqual(["qualys.webApp.shop"]);
  });

  it("reports a vendor that cannot be read and still reads the others", async () => {
    const failing = fakeSession(() => {
      throw new ScanformError("HTTP_AUTH", "401 Unauthorized", { hint: "Check HEXIOSEC_API_KEY." });
    });
    const { connect } = connector({ qualys: fakeSession(() => empty), hexiosec: failing });
    const r = await observeAll({ desired: desired([resource("qualys.webApp.shop", {}), resource("hexiosec.scan.corp", {})]), state: undefined, drivers: fakeDrivers(), connect });
    expect(r.diagnostics).toEqual([{ code: "HTTP_AUTH", severity: "error", message: "Reading hexiosec failed: 401 Unauthorized", hint: "Check HEXIOSEC_API_KEY." }]);
    expect([...r.observations.keys()]).toEqual(["qualys"]);
  });

  it("reports a vendor without a driver", async () => {
    const { connect } = connector({});
    const r = await observeAll({ desired: desired([]), state: snapshot([entry("acme.thing.x", {})]), drivers: fakeDrivers(), connect });
    expect(r.diagnostics.map((d) => d.code)).toEqual(["PLAN_UNKNOWN_VENDOR"]);
  });
});
