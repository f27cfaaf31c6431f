import { describe, expect, it } from "vitest";
import { isScanformError } from "../../../src/core/errors.js";
import { cortexDriver } from "../../../src/vendors/cortex/driver.js";
import { ADDRESS, CANARY_KEY, createChange, journalEntry, scanSpec, startHarness, stepContext, thrown, updateChange } from "./helpers.js";

const launchInput = (definitionId: string) => ({ address: ADDRESS, kind: "scan", ids: { definitionId }, spec: {}, runKey: "k1" });

describe("cortex driver against the emulator: credentials", () => {
  it("reports a wrong key as VENDOR_AUTH with a hint on what to check", async () => {
    const h = await startHarness({ settings: { key: "wrong-key-0000" } });
    const e = await thrown(() => h.session.create(createChange(), stepContext()));
    expect(e.code).toBe("VENDOR_AUTH");
    expect(e.message).toBe("cortex: create scan definition for cortex.scan.dc-weekly failed: HTTP 401: Public API request unauthorized");
    expect(e.hint).toMatch(/CORTEX_API_KEY_TYPE matches the key's Security Level/);
  });

  it("reports a standard key configured as advanced as VENDOR_AUTH", async () => {
    const h = await startHarness({ settings: { keyId: "12", key: `${CANARY_KEY}-std`, keyType: "advanced" } });
    expect((await thrown(() => h.session.status({ address: ADDRESS, kind: "scan", ids: {}, runId: "1" }))).code).toBe("VENDOR_AUTH");
  });

  it("reports a clock more than 5 minutes off as VENDOR_AUTH, with the clock in the hint", async () => {
    const h = await startHarness({ driverClockSkewMs: 6 * 60 * 1000 });
    const e = await thrown(() => h.session.status({ address: ADDRESS, kind: "scan", ids: {}, runId: "1" }));
    expect(e.code).toBe("VENDOR_AUTH");
    expect(e.message).toMatch(/timestamp outside the accepted window/);
    expect(e.hint).toMatch(/clock/);
  });

  it("reports a key without the netscan permission as VENDOR_PERMISSION naming network_scanners_action", async () => {
    const h = await startHarness({
      emulator: { extraKeys: [{ id: "13", key: "viewer-key-abcdef", type: "standard", permitted: false }] },
      settings: { keyId: "13", key: "viewer-key-abcdef", keyType: "standard" },
    });
    const e = await thrown(() => h.session.create(createChange(), stepContext()));
    expect(e.code).toBe("VENDOR_PERMISSION");
    expect(e.hint).toMatch(/network_scanners_action/);
  });
});

describe("cortex driver against the emulator: throttling and faults", () => {
  it("slows down on the tenant's 429s and finishes every call, signing each retry afresh", async () => {
    const h = await startHarness({ emulator: { requestsPerSecond: 2 } });
    const ids = await h.session.create(createChange(), stepContext());
    const results = await Promise.all(
      Array.from({ length: 5 }, (_, i) => h.session.update(updateChange(ids, scanSpec({ description: `v${i}` })), stepContext())),
    );
    expect(results).toHaveLength(5);
    const statuses = h.statuses("configureNewScan");
    expect(statuses).toContain(429);
    expect(statuses.filter((s) => s === 200)).toHaveLength(5);
    expect(statuses).not.toContain(401); // a reused nonce would have been refused
  });

  it("sends a launch again after a 429, which the tenant never carried out", async () => {
    const h = await startHarness({ emulator: { requestsPerSecond: 1 } });
    const ids = await h.session.create(createChange(), stepContext());
    const { runId } = await h.session.launch(launchInput(ids.definitionId!), stepContext());
    expect(h.statuses("publicLaunchScanRun")).toContain(429);
    expect(h.dump().runs.map((r: { id: number }) => String(r.id))).toEqual([runId]);
  });

  it("retries a status read through server errors", async () => {
    const h = await startHarness({ controls: { faults: { serverError: 0.5, operations: ["publicGetScanDefinitionRunStatus"] } } });
    const ids = await h.session.create(createChange(), stepContext());
    const { runId } = await h.session.launch(launchInput(ids.definitionId!), stepContext());
    for (let i = 0; i < 4; i++) expect((await h.session.status({ address: ADDRESS, kind: "scan", ids, runId })).phase).toBe("pending");
    expect(h.statuses("publicGetScanDefinitionRunStatus").some((s) => s >= 500)).toBe(true);
  });

  it("does not send a launch again after a server error, and says it may have landed", async () => {
    const h = await startHarness({ controls: { faults: { serverError: 1, operations: ["publicLaunchScanRun"] } } });
    const ids = await h.session.create(createChange(), stepContext());
    const e = await thrown(() => h.session.launch(launchInput(ids.definitionId!), stepContext()));
    expect(e.code).toBe("VENDOR_AMBIGUOUS");
    expect(h.counts().publicLaunchScanRun).toBe(1);
  });
});

describe("cortex driver against the emulator: lost answers and read-back", () => {
  it("does not send a create again when its answer is lost, and read-back says to check the console", async () => {
    const h = await startHarness({ controls: { faults: { lostAnswer: 1, operations: ["configureNewScan"] } } });
    const ctx = stepContext();
    const e = await thrown(() => h.session.create(createChange(), ctx));
    expect(e.code).toBe("VENDOR_AMBIGUOUS");
    expect(e.detail.mayHaveLanded).toBe(true);
    expect(h.counts().configureNewScan).toBe(1);
    expect(h.dump().definitions).toHaveLength(1); // it did land
    expect(ctx.checkpoints).toEqual([]);
    const back = await h.session.readBack(journalEntry("create"));
    expect(back).toMatchObject({ outcome: "unknowable", lookFor: 'a network scan definition named "dc-weekly" created between 2025-12-31T23:55:00.000Z and 2026-01-01T00:05:00.000Z' });
  });

  it("does not send a launch again when its answer is lost, and read-back says to check the console", async () => {
    const h = await startHarness({ controls: { faults: { lostAnswer: 1, operations: ["publicLaunchScanRun"] } } });
    const ids = await h.session.create(createChange(), stepContext());
    const e = await thrown(() => h.session.launch(launchInput(ids.definitionId!), stepContext()));
    expect(e.code).toBe("VENDOR_AMBIGUOUS");
    expect(h.counts().publicLaunchScanRun).toBe(1);
    expect(h.dump().runs).toHaveLength(1);
    const back = await h.session.readBack(journalEntry("launch", "k1"));
    expect(back).toMatchObject({ outcome: "unknowable", message: expect.stringContaining("cannot list runs") });
  });

  it("reads back a create the tenant refused in this session as absent", async () => {
    const h = await startHarness();
    await thrown(() => h.session.create(createChange(scanSpec({ scanners: ["scanner-1"] })), stepContext()));
    expect(await h.session.readBack(journalEntry("create"))).toEqual({ outcome: "absent" });
  });

  it("reads back a launch the tenant refused in this session as absent", async () => {
    const h = await startHarness();
    await thrown(() => h.session.launch(launchInput("555"), stepContext()));
    expect(await h.session.readBack(journalEntry("launch"))).toEqual({ outcome: "absent" });
  });

  it("reads back an entry from an earlier run as unknowable, without calling the tenant", async () => {
    const h = await startHarness();
    expect((await h.session.readBack(journalEntry("create"))).outcome).toBe("unknowable");
    expect(h.counts()).toEqual({});
  });
});

describe("cortex driver: no credential in any error", () => {
  it("never puts the key into a message, hint or detail, whatever fails", async () => {
    const failures: unknown[] = [];
    const bad = await startHarness({ settings: { key: `${CANARY_KEY}-not-this-one` } });
    failures.push(await thrown(() => bad.session.create(createChange(), stepContext())));
    const h = await startHarness({ controls: { faults: { lostAnswer: 1, operations: ["publicLaunchScanRun"] } }, emulator: { templates: [1] } });
    failures.push(await thrown(() => h.session.create(createChange(), stepContext())));
    failures.push(await thrown(() => h.session.create(createChange(scanSpec({ scanners: ["x"] })), stepContext())));
    failures.push(await thrown(() => h.session.launch(launchInput("100"), stepContext())));
    failures.push(await thrown(() => h.session.status({ address: ADDRESS, kind: "scan", ids: {}, runId: "5" })));
    const down = await startHarness();
    await down.emulators.close();
    failures.push(await thrown(() => down.session.status({ address: ADDRESS, kind: "scan", ids: {}, runId: "5" })));
    expect(failures.every(isScanformError)).toBe(true);
    for (const e of failures as Error[]) {
      const text = [e.message, (e as { hint?: string }).hint, JSON.stringify((e as { detail?: unknown }).detail), String((e as { cause?: unknown }).cause)].join("\n");
      expect(text).not.toContain(CANARY_KEY);
    }
  });
});

describe("cortex driver: a run state that is a word every object inherits", () => {
  const answering = (data: string) =>
    cortexDriver.connect(
      { url: "https://cortex.example", keyId: "11", key: CANARY_KEY, keyType: "advanced" },
      { now: () => new Date(0), makeHttp: () => ({ request: async () => ({ status: 200, headers: {}, body: JSON.stringify({ DATA: data }) }) }) },
    );

  it.each(["constructor", "__proto__", "toString", "hasOwnProperty"])("treats %s as an unknown state, still running", async (word) => {
    const status = await answering(`Scan is in ${word} state`).status({ address: ADDRESS, kind: "scan", ids: {}, runId: "5" });
    expect(status).toMatchObject({ phase: "running", terminal: false, detail: `unknown Cortex run state "${word}", treated as still running` });
  });
});
