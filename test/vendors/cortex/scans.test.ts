import { describe, expect, it } from "vitest";
import { abortRun, pauseRun, resumeRun } from "../../../src/vendors/cortex/client.js";
import { RESULTS_UNAVAILABLE } from "../../../src/vendors/cortex/api.js";
import { ADDRESS, createChange, scanSpec, startHarness, stepContext, thrown, updateChange } from "./helpers.js";

describe("cortex driver against the emulator: definitions", () => {
  it("observes nothing and calls nothing: state is the only record of definitions", async () => {
    const h = await startHarness();
    const observed = await h.session.observe({ desired: [], state: [] });
    expect(observed).toEqual({ objects: [], diagnostics: [] });
    expect(h.counts()).toEqual({});
  });

  it("creates a definition, checkpoints its id, and the tenant holds the exact payload", async () => {
    const h = await startHarness();
    const ctx = stepContext();
    const ids = await h.session.create(createChange(), ctx);
    expect(ids).toEqual({ definitionId: expect.stringMatching(/^\d+$/) });
    expect(ctx.checkpoints).toEqual([ids]);
    const [definition] = h.dump().definitions;
    expect(String(definition.id)).toBe(ids.definitionId);
    expect(definition.payload).toMatchObject({ name: "dc-weekly", vt_config_id: 12, schedule_days: 1, targets: ["10.0.0.0/16"] });
  });

  it("updates the definition state recorded, in place", async () => {
    const h = await startHarness();
    const ids = await h.session.create(createChange(), stepContext());
    await h.session.update(updateChange(ids, scanSpec({ targets: ["10.1.0.0/16"], settings: { safeChecks: true } })), stepContext());
    const definitions = h.dump().definitions;
    expect(definitions).toHaveLength(1);
    expect(definitions[0].payload).toMatchObject({ targets: ["10.1.0.0/16"], safe_checks: "1" });
    expect(h.counts()).toEqual({ configureNewScan: 2 });
  });

  it("reports an update of a definition the tenant does not have as not found, with what to do", async () => {
    const h = await startHarness();
    const e = await thrown(() => h.session.update(updateChange({ definitionId: "4242" }), stepContext()));
    expect(e.code).toBe("VENDOR_NOT_FOUND");
    expect(e.message).toBe("cortex: update scan definition 4242 for cortex.scan.dc-weekly failed: HTTP 404: VT template not found or cannot create a new scan definition");
    expect(e.hint).toMatch(/scanform state rm/);
  });

  it("refuses an update when state has no definition id", async () => {
    const h = await startHarness();
    expect((await thrown(() => h.session.update(updateChange({}), stepContext()))).code).toBe("VENDOR_STATE");
    expect(h.counts()).toEqual({});
  });

  it("reports the tenant's 422 with its field errors", async () => {
    const h = await startHarness();
    const e = await thrown(() => h.session.create(createChange(scanSpec({ scanners: ["scanner-1"] })), stepContext()));
    expect(e.code).toBe("VENDOR_VALIDATION");
    expect(e.message).toBe(
      "cortex: create scan definition for cortex.scan.dc-weekly failed: HTTP 422: The request contains invalid or missing parameters (network_scanner_ids.0: Input should be a valid UUID)",
    );
    expect(e.detail.status).toBe(422);
  });

  it("reports an unknown template as not found with a hint about vt_config_id", async () => {
    const h = await startHarness({ emulator: { templates: [1] } });
    const e = await thrown(() => h.session.create(createChange(), stepContext()));
    expect(e.code).toBe("VENDOR_NOT_FOUND");
    expect(e.hint).toMatch(/vt_config_id/);
  });

  it("refuses a spec it cannot map without calling the tenant", async () => {
    const h = await startHarness();
    const e = await thrown(() => h.session.create(createChange(scanSpec({ settings: { turbo: true } })), stepContext()));
    expect(e.code).toBe("VENDOR_VALIDATION");
    expect(h.counts()).toEqual({});
  });

  it("refuses to delete: the API cannot, so the hint says to delete in the console", async () => {
    const h = await startHarness();
    const change = { ...createChange(), action: "delete", before: createChange().after, after: null, ids: { definitionId: "100" } } as const;
    const e = await thrown(() => h.session.delete(change, stepContext()));
    expect(e.code).toBe("VENDOR_UNSUPPORTED");
    expect(e.hint).toMatch(/Delete definition 100 in the Cortex console/);
    expect(h.counts()).toEqual({});
  });

  it("works with a standard key too", async () => {
    const h = await startHarness();
    const session = h.connect({ url: h.emulators.urls.cortex!, keyId: "12", key: "CANARY-cortex-key-7f3a9b1c5d2e8f4a6b0c-std", keyType: "standard" });
    expect(await session.create(createChange(), stepContext())).toEqual({ definitionId: expect.any(String) });
  });
});

describe("cortex driver against the emulator: runs", () => {
  const timing = { pendingMs: 10, runDurationMs: 100 };

  it("launches a run and follows it Pending → Running → Completed", async () => {
    const h = await startHarness({ emulator: timing });
    const ids = await h.session.create(createChange(), stepContext());
    const { runId } = await h.session.launch({ address: ADDRESS, kind: "scan", ids, spec: {}, runKey: "k1" }, stepContext());
    expect(h.dump().runs.map((r: { id: number }) => String(r.id))).toEqual([runId]);
    const run = { address: ADDRESS, kind: "scan", ids, runId };
    const phases = [await h.session.status(run)];
    h.clock.advance(10);
    phases.push(await h.session.status(run));
    h.clock.advance(100);
    phases.push(await h.session.status(run));
    expect(phases).toEqual([
      { phase: "pending", terminal: false, vendorState: "Scan is in Pending state" },
      { phase: "running", terminal: false, vendorState: "Scan is in Running state" },
      { phase: "succeeded", terminal: true, vendorState: "Scan is in Completed state", results: { available: false, why: RESULTS_UNAVAILABLE } },
    ]);
  });

  it("reports a failed run as failed and terminal", async () => {
    const h = await startHarness({ emulator: { ...timing, runOutcome: "Failed" } });
    const ids = await h.session.create(createChange(), stepContext());
    const { runId } = await h.session.launch({ address: ADDRESS, kind: "scan", ids, spec: {}, runKey: "k1" }, stepContext());
    h.clock.advance(200);
    expect(await h.session.status({ address: ADDRESS, kind: "scan", ids, runId })).toMatchObject({ phase: "failed", terminal: true });
  });

  it("pauses, resumes and aborts a run", async () => {
    const h = await startHarness({ emulator: timing });
    const ids = await h.session.create(createChange(), stepContext());
    const { runId } = await h.session.launch({ address: ADDRESS, kind: "scan", ids, spec: {}, runKey: "k1" }, stepContext());
    const run = { address: ADDRESS, kind: "scan", ids, runId };
    const client = h.client;
    expect(await pauseRun(client, runId)).toBe("Scan paused successfully");
    expect((await h.session.status(run)).phase).toBe("paused");
    await resumeRun(client, runId);
    expect((await h.session.status(run)).phase).toBe("pending");
    await abortRun(client, runId);
    expect(await h.session.status(run)).toMatchObject({ phase: "cancelled", terminal: true, vendorState: "Scan is in Aborted state" });
  });

  it("reports a command the run's state does not allow as not found", async () => {
    const h = await startHarness({ emulator: timing });
    const ids = await h.session.create(createChange(), stepContext());
    const { runId } = await h.session.launch({ address: ADDRESS, kind: "scan", ids, spec: {}, runKey: "k1" }, stepContext());
    const e = await thrown(() => resumeRun(h.client, runId));
    expect(e.code).toBe("VENDOR_NOT_FOUND");
    expect(e.message).toMatch(/HTTP 404: Run ID not found or command cannot be performed/);
  });

  it("reports the status of an unknown run as not found", async () => {
    const h = await startHarness();
    const e = await thrown(() => h.session.status({ address: ADDRESS, kind: "scan", ids: {}, runId: "99999" }));
    expect(e.code).toBe("VENDOR_NOT_FOUND");
  });

  it("reports a launch of a definition the tenant does not have as not found", async () => {
    const h = await startHarness();
    const e = await thrown(() => h.session.launch({ address: ADDRESS, kind: "scan", ids: { definitionId: "555" }, spec: {}, runKey: "k1" }, stepContext()));
    expect(e.code).toBe("VENDOR_NOT_FOUND");
  });
});

