import { describe, expect, it } from "vitest";
import { ScanformError } from "../../src/core/errors.js";
import { diff } from "../../src/plan/diff.js";
import { MASS_VANISH_READS } from "../../src/plan/confirm-absent.js";
import { kindsOf, makePlan } from "../../src/plan/make-plan.js";
import type { Observation } from "../../src/vendors/driver.js";
import { NOW, desired, entry, fakeDrivers, fakeSession, memoryBackend, observed, resource, snapshot } from "./fakes.js";

const SHOP = "qualys.webApp.shop";
const spec = { url: "https://shop.example/" };
const tagMissing = { code: "VENDOR_NOT_FOUND", severity: "error" as const, message: `${SHOP}: no tag named "prod" at Qualys.` };

/** A plan of one web app whose vendor answers with its objects first and `complete` afterwards. */
async function planWith(complete: (early: Observation) => Promise<Observation>) {
  const session = fakeSession((req) => {
    const early: Observation = { objects: [observed(SHOP, spec)], diagnostics: [] };
    return req.objectsFirst === true ? { ...early, complete: complete(early) } : complete(early);
  });
  const made = await makePlan(
    { desired: desired([resource(SHOP, spec)]), backend: memoryBackend(snapshot([entry(SHOP, { name: "shop", ...spec }, { ids: { id: "id-shop" } })])), drivers: fakeDrivers(), connect: () => session },
    { now: NOW },
  );
  return { made, session };
}

describe("a plan made while a vendor's late checks run", () => {
  it("asks the vendors for their objects first", async () => {
    const { session } = await planWith(async (early) => early);
    expect(session.requests[0]?.objectsFirst).toBe(true);
  });

  it("keeps the plan made from the objects when the checks find nothing, with the complete observations", async () => {
    const { made } = await planWith(async (early) => early);
    expect(made.diagnostics).toEqual([]);
    expect(made.plan.changes.map((c) => [c.address, c.action])).toEqual([[SHOP, "no-op"]]);
    expect(made.observations.get("qualys")?.complete).toBeUndefined();
  });

  it("reports what the checks found", async () => {
    const { made } = await planWith(async (early) => ({ ...early, diagnostics: [tagMissing] }));
    expect(made.diagnostics.map((d) => d.code)).toEqual(["VENDOR_NOT_FOUND"]);
  });

  it("reports a vendor whose checks failed as not read", async () => {
    const { made } = await planWith(async () => {
      throw new ScanformError("VENDOR_AUTH", "qualys.search.Tag: HTTP 401");
    });
    expect(made.diagnostics.map((d) => d.code)).toEqual(["VENDOR_AUTH"]);
    expect(made.observations.has("qualys")).toBe(false);
  });
});

describe("a plan's reads started ahead of the state read", () => {
  async function planRecording(refresh: boolean): Promise<string[]> {
    const events: string[] = [];
    const session = { ...fakeSession(() => ({ objects: [], diagnostics: [] })), prefetch: () => void events.push("prefetch") };
    const backend = memoryBackend(snapshot([]));
    const read = backend.read.bind(backend);
    await makePlan(
      {
        desired: desired([resource(SHOP, spec)]),
        backend: { ...backend, read: () => (events.push("read state"), read()) },
        drivers: fakeDrivers(),
        connect: () => session,
      },
      { now: NOW, refresh },
    );
    return events;
  }

  it("lets each vendor start the reads its manifests call for before state is read", async () => {
    expect(await planRecording(true)).toEqual(["prefetch", "read state"]);
  });

  it("starts none when the vendors are not to be read", async () => {
    expect(await planRecording(false)).toEqual(["read state"]);
  });

  it("cancels them when state cannot be read: no plan will take their answers", async () => {
    let started: AbortSignal | undefined;
    const session = { ...fakeSession(() => ({ objects: [], diagnostics: [] })), prefetch: (_d: unknown, signal?: AbortSignal) => void (started = signal) };
    const unreadable = { ...memoryBackend(snapshot([])), read: () => Promise.reject(new ScanformError("STATE_CORRUPT", "state.json is not valid JSON")) };
    const plan = makePlan({ desired: desired([resource(SHOP, spec)]), backend: unreadable, drivers: fakeDrivers(), connect: () => session }, { now: NOW });
    await expect(plan).rejects.toThrow("not valid JSON");
    expect(started?.aborted).toBe(true);
  });

  it("leaves them running for observe to take when state is read", async () => {
    let started: AbortSignal | undefined;
    const session = { ...fakeSession(() => ({ objects: [], diagnostics: [] })), prefetch: (_d: unknown, signal?: AbortSignal) => void (started = signal) };
    await makePlan({ desired: desired([resource(SHOP, spec)]), backend: memoryBackend(snapshot([])), drivers: fakeDrivers(), connect: () => session }, { now: NOW });
    expect(started?.aborted).toBe(false);
  });
});

describe("a plan with a moved: block", () => {
  it("gives observe and the diff the same renamed state", async () => {
    const OLD = "qualys.webApp.old";
    const moved = [{ from: OLD, to: SHOP, source: { file: "scans/main.yaml", line: 2, column: 3 } }];
    const session = fakeSession(() => ({ objects: [observed(SHOP, { ...spec, name: "old" })], diagnostics: [] }));
    const made = await makePlan(
      { desired: desired([resource(SHOP, { ...spec, name: "old" })], moved), backend: memoryBackend(snapshot([entry(OLD, { ...spec, name: "old" })])), drivers: fakeDrivers(), connect: () => session },
      { now: NOW },
    );
    expect(session.requests[0]?.state.map((e) => e.address)).toEqual([SHOP]);
    expect(made.plan.moves).toEqual([{ from: OLD, to: SHOP }]);
    expect(made.plan.changes.map((c) => [c.address, c.action])).toEqual([[SHOP, "no-op"]]);
  });
});

describe("a plan whose vendors answer one after another", () => {
  it("is the plan the diff makes of the same reads, with the first vendor's comparisons worked out while the last answers", async () => {
    const CORP = "hexiosec.scan.corp";
    const corp = { type: "continuous_own", group: "Security", seeds: ["example.com"] };
    let answer!: () => void;
    const late = new Promise<void>((resolve) => (answer = resolve));
    const sessions: Record<string, ReturnType<typeof fakeSession>> = {
      qualys: fakeSession(() => {
        // Qualys has answered: give its comparisons time to be worked out before Hexiosec answers.
        setTimeout(answer, 20);
        return { objects: [observed(SHOP, { ...spec, name: "renamed" })], diagnostics: [] };
      }),
      hexiosec: fakeSession(async () => {
        await late;
        return { objects: [observed(CORP, corp)], diagnostics: [] };
      }),
    };
    const sources = {
      desired: desired([resource(SHOP, spec), resource(CORP, corp)]),
      backend: memoryBackend(snapshot([entry(SHOP, spec), entry(CORP, corp)])),
      drivers: fakeDrivers(),
      connect: (vendor: string) => sessions[vendor]!,
    };
    const made = await makePlan(sources, { now: NOW });
    const alone = diff({ desired: sources.desired, state: made.state, observations: made.observations, kinds: kindsOf(sources.drivers), now: NOW });
    // makePlan adds the estimate of apply's calls to what the diff plans.
    const { calls: _estimate, ...planned } = made.plan;
    expect(planned).toEqual(alone.plan);
    expect(made.plan.changes.map((c) => [c.address, c.action])).toEqual([[CORP, "no-op"], [SHOP, "update"]]);
  });
});

describe("a plan that finds most of a vendor's objects gone at once", () => {
  const scans = Array.from({ length: 30 }, (_, i) => `hexiosec.scan.s${String(i).padStart(2, "0")}`);
  async function planGone(allowMassRecreate: boolean) {
    let reads = 0;
    const session = {
      ...fakeSession(() => ({ objects: [], diagnostics: [] })),
      confirmAbsent: async () => (reads++, "absent" as const),
    };
    const made = await makePlan(
      { desired: desired(scans.map((a) => resource(a, {}))), backend: memoryBackend(snapshot(scans.map((a) => entry(a, {})))), drivers: fakeDrivers(), connect: () => session },
      { now: NOW, allowMassRecreate },
    );
    return { made, reads };
  }

  it("refuses it after reading a few of them by id, not all", async () => {
    const { made, reads } = await planGone(false);
    expect(made.diagnostics.map((d) => d.code)).toEqual(["PLAN_MASS_VANISH"]);
    expect(reads).toBe(MASS_VANISH_READS);
  });

  it("reads every one of them by id before recreating them with --allow-mass-recreate", async () => {
    const { made, reads } = await planGone(true);
    expect(made.diagnostics).toEqual([]);
    expect(reads).toBe(30);
    expect(made.plan.changes.filter((c) => c.action === "create")).toHaveLength(30);
  });

  it("names ten of them in the refusal and counts the rest", async () => {
    const { made } = await planGone(false);
    expect(made.diagnostics[0]?.message).toContain("hexiosec.scan.s09, and 20 more)");
  });
});
