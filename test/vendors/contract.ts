/**
 * The Driver contract (STYLE.md point 6): the vendor-neutral behaviour the plan and apply engines
 * rely on, run against every registered driver and its emulator through the Driver interface and
 * its KindInfo hints alone. A vendor's own tests live in test/vendors/<vendor>/; a new vendor gets
 * this suite by adding test/vendors/contract.<vendor>.test.ts with its samples.
 *
 *   driverContract("qualys", emulatorRig("qualys", { manifests, peek, emulator }));
 */
import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { diffFields } from "../../src/plan/field-diff.js";
import type { Ids, KindInfo, RunPhase, RunStatus, VendorSession } from "../../src/vendors/driver.js";
import { drivers } from "../../src/vendors/index.js";
import type { Rig, Sample } from "./contract-rig.js";
import { createChange, createEntry, created, deleteChange, expectCleanError, guarded, prepare, rejection, secretsOf, stateEntry, updateChange, World } from "./contract-world.js";

const PHASES: readonly RunPhase[] = ["pending", "running", "paused", "succeeded", "failed", "cancelled"];
const FINAL: readonly RunPhase[] = ["succeeded", "failed", "cancelled"];
/** A guard against a run that never ends, not a performance bound: emulated runs take milliseconds. */
const RUN_DEADLINE_MS = 5_000;

export function driverContract(name: string, makeRig: () => Promise<Rig>): void {
  const registered = drivers.get(name);

  describe(`driver contract: ${name}`, () => {
    let current: Live | undefined;
    beforeEach(async () => {
      const rig = await makeRig();
      const secrets = secretsOf(rig, rig.settings);
      current = { rig, secrets, session: guarded(rig.session, secrets) };
    });
    afterEach(async () => {
      await current?.rig.close();
      current = undefined;
    });
    const live = (): Live => {
      if (current === undefined) throw new Error("the rig did not start");
      return current;
    };

    if (registered === undefined) {
      it("is a registered driver", () => expect([...drivers.keys()]).toContain(name));
      return;
    }
    const managed = Object.entries(registered.kinds).filter(([, info]) => info.mode === "managed");

    it("has a sample of every managed kind, changed only in fields the kind updates in place", () => {
      const { rig } = live();
      expect(Object.keys(rig.samples).sort()).toEqual(managed.map(([kind]) => kind).sort());
      for (const [kind, info] of managed) {
        const { base, changed } = rig.samples[kind]!;
        const diffs = diffFields(base.spec, changed.spec, info.fields);
        expect(diffs, `${kind}: the changed spec must differ`).not.toEqual([]);
        expect(diffs.filter((d) => d.forcesReplace), `${kind}: a replace is not an update`).toEqual([]);
      }
    });

    describe("settings", () => {
      it("connect without credentials fails with VENDOR_SETTINGS", () => {
        const { rig, secrets } = live();
        expect(rig.driver.secretSettings.length).toBeGreaterThan(0);
        const without: Record<string, string> = { ...rig.settings };
        for (const s of rig.driver.secretSettings) delete without[s];
        let thrown: unknown;
        try {
          rig.connect(without);
        } catch (e) {
          thrown = e;
        }
        expectCleanError(thrown, secrets);
        expect(thrown.code).toBe("VENDOR_SETTINGS");
      });

      it("with bad credentials the first vendor call fails with VENDOR_AUTH and shows no credential", async () => {
        const { rig, secrets } = live();
        const bad: Record<string, string> = { ...rig.settings };
        for (const s of rig.driver.secretSettings) bad[s] = `CANARY-${s}-5f0c9e2a7b41`;
        const canaries = [...secretsOf(rig, bad), ...secrets];
        const other = guarded(rig.connect(bad), canaries);
        const samples = Object.values(rig.samples);
        const standalone = samples.find((s) => s.base.dependsOn.length === 0);
        // A driver whose observe reads nothing (Cortex) meets the vendor first at a create.
        const thrown = await rejection(async () => {
          await other.observe({ desired: [...rig.context, ...samples.map((s) => s.base)], state: [] });
          if (standalone !== undefined) await other.create(createChange(standalone.base), new World().context());
        });
        expectCleanError(thrown, canaries);
        expect(thrown.code).toBe("VENDOR_AUTH");
      });
    });

    for (const [kind, info] of managed) {
      describe(`kind ${kind}`, () => kindCases(live, kind, info));
    }
  });
}

interface Live {
  readonly rig: Rig;
  readonly session: VendorSession;
  readonly secrets: readonly string[];
}

function kindCases(live: () => Live, kind: string, info: KindInfo): void {
  const sample = (): Sample => {
    const s = live().rig.samples[kind];
    if (s === undefined) throw new Error(`the rig has no sample of ${kind}`);
    return s;
  };

  it("observe on an empty vendor yields nothing for it", async () => {
    const { rig, session } = live();
    const all = [...rig.context, ...Object.values(rig.samples).map((s) => s.base)];
    const objects = await new World().observe(session, all, []);
    expect(objects.map((o) => o.address)).not.toContain(sample().base.address);
  });

  it("create returns the ids it checkpointed, naming what the vendor now holds", async () => {
    const { rig, session } = live();
    const world = await prepare(rig, session, sample());
    const ctx = world.context();
    const ids = await session.create(createChange(sample().base), ctx);
    expect(Object.assign({}, ...ctx.checkpoints)).toEqual(ids);
    // A kind kept only in state (a Qualys on-demand scan) has no ids and nothing at the vendor.
    if (Object.keys(ids).length > 0) expect(rig.peek(kind, ids)).toBeDefined();
  });

  if (info.readable) {
    it("after create, observe finds it by the state's ids with a spec equal to the desired one (the next plan is a no-op)", async () => {
      const { rig, session } = live();
      const { world, ids, entry } = await created(rig, session, sample());
      const found = await world.observeAt(session, entry.address, [sample().base], [entry]);
      expect(found?.match).toBe("state");
      expect(found?.ids).toEqual(ids);
      expect(diffFields(sample().base.spec, found!.spec, info.fields)).toEqual([]);
    });

    it("after update, observe yields the changed spec", async () => {
      const { rig, session } = live();
      const { world, ids } = await created(rig, session, sample());
      const { base, changed } = sample();
      await session.update(updateChange(base, changed, ids, info), world.context());
      const found = await world.observeAt(session, changed.address, [changed], [stateEntry(changed, ids)]);
      expect(found?.match).toBe("state");
      expect(diffFields(changed.spec, found!.spec, info.fields)).toEqual([]);
    });

    it("an object of the same name that state does not know is observed with match name", async () => {
      const { rig, session } = live();
      const { world, ids, entry } = await created(rig, session, sample());
      const found = await world.observeAt(session, entry.address, [sample().base], []);
      expect(found?.match).toBe("name");
      expect(found?.ids).toEqual(ids);
    });
  } else {
    it("after create, observe yields nothing: the plan compares with state", async () => {
      const { rig, session } = live();
      const { world, entry } = await created(rig, session, sample());
      expect(await world.observeAt(session, entry.address, [sample().base], [entry])).toBeUndefined();
    });

    it("update reaches the vendor, and observe still yields nothing", async () => {
      const { rig, session } = live();
      const { world, ids } = await created(rig, session, sample());
      const { base, changed } = sample();
      const before = rig.peek(kind, ids);
      await session.update(updateChange(base, changed, ids, info), world.context());
      if (Object.keys(ids).length > 0) expect(rig.peek(kind, ids)).not.toEqual(before);
      expect(await world.observeAt(session, changed.address, [changed], [stateEntry(changed, ids)])).toBeUndefined();
    });
  }

  if (info.deletable) {
    it("after delete, observe no longer yields it and the vendor holds nothing under its ids", async () => {
      const { rig, session } = live();
      const { world, ids, entry } = await created(rig, session, sample());
      await session.delete(deleteChange(sample().base, ids), world.context());
      expect(await world.observeAt(session, entry.address, [], [entry])).toBeUndefined();
      expect(rig.peek(kind, ids)).toBeUndefined();
    });

    it("deleting what is already gone succeeds", async () => {
      const { rig, session } = live();
      const { world, ids } = await created(rig, session, sample());
      await session.delete(deleteChange(sample().base, ids), world.context());
      await expect(session.delete(deleteChange(sample().base, ids), world.context())).resolves.toBeUndefined();
    });
  }

  it(`read-back of the create's journal entry finds it landed with the same ids${info.readable ? "" : " (or says it is unknowable)"}, never absent`, async () => {
    const { rig, session } = live();
    const world = await prepare(rig, session, sample());
    const startedAt = new Date();
    const ids = await session.create(createChange(sample().base), world.context());
    const found = await session.readBack(createEntry(sample().base, startedAt));
    expect(found.outcome).toBeOneOf(info.readable ? ["landed"] : ["landed", "unknowable"]);
    if (found.outcome === "landed") expect(found.ids).toEqual(ids);
  });

  if (info.launchable) {
    it("launch returns a run id, and status polls to a succeeded end", async () => {
      const { rig, session } = live();
      const { world, ids } = await created(rig, session, sample());
      const runId = await launched(session, world, sample(), ids);
      const end = await pollToEnd(session, { address: sample().base.address, kind, ids, runId });
      expect(end.phase).toBe("succeeded");
    });
  }

  if (info.pollable) {
    it("status answers a known phase, terminal exactly when the phase is final", async () => {
      const { rig, session } = live();
      const { world, ids } = await created(rig, session, sample());
      const runId = info.launchable ? await launched(session, world, sample(), ids) : undefined;
      const status = await session.status({ address: sample().base.address, kind, ids, ...(runId === undefined ? {} : { runId }) });
      expect(PHASES).toContain(status.phase);
      expect(status.terminal).toBe(FINAL.includes(status.phase));
    });
  }
}

async function launched(session: VendorSession, world: World, sample: Sample, ids: Ids): Promise<string> {
  const { runId } = await session.launch({ address: sample.base.address, kind: sample.base.kind, ids, spec: sample.base.spec, runKey: "contract-run-1" }, world.context());
  expect(runId).toMatch(/\S/);
  return runId;
}

async function pollToEnd(session: VendorSession, run: Parameters<VendorSession["status"]>[0]): Promise<RunStatus> {
  const deadline = Date.now() + RUN_DEADLINE_MS;
  for (;;) {
    const status = await session.status(run);
    expect(PHASES).toContain(status.phase);
    expect(status.terminal).toBe(FINAL.includes(status.phase));
    if (status.terminal) return status;
    if (Date.now() > deadline) throw new Error(`${run.address}: still ${status.phase} (${status.vendorState}) after ${RUN_DEADLINE_MS} ms`);
    await sleep(10);
  }
}

export { emulatorRig, recordById, field, type Rig, type Sample } from "./contract-rig.js";
