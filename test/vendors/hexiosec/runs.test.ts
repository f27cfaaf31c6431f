import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { JsonValue } from "../../../src/core/json.js";
import type { JournalEntry } from "../../../src/state/model.js";
import { caught, SECURITY, startRig, type Rig } from "./harness.js";

let rig: Rig;
beforeEach(async () => {
  rig = await startRig();
});
afterEach(() => rig.close());

const address = "hexiosec.scan.corp-perimeter";
async function scan(seeded = true, name = "corp-perimeter"): Promise<string> {
  const s = await rig.raw("POST", "/v1/scans", { name, scan_group_id: SECURITY, type: "adhoc" });
  if (seeded) await rig.raw("POST", `/v1/scans/${s.id}/seeds`, { name: "example.com", type: "domain" });
  return s.id as string;
}
const status = (id: string, runId?: string) => rig.session.status({ address, kind: "scan", ids: { id }, ...(runId === undefined ? {} : { runId }) });

describe("hexiosec driver: status of the latest iteration", () => {
  it("follows an iteration pending → running → succeeded", async () => {
    const id = await scan();
    await rig.raw("PATCH", `/v1/scans/${id}`, { enabled: true });
    expect(await status(id)).toMatchObject({ phase: "pending", terminal: false, vendorState: "pending" });
    rig.clock.advance(10);
    expect(await status(id)).toMatchObject({ phase: "running", terminal: false, vendorState: "running" });
    rig.clock.advance(50);
    expect(await status(id)).toMatchObject({ phase: "succeeded", terminal: true, vendorState: "completed" });
  });

  it("reads a failed iteration as failed and terminal", async () => {
    const id = await scan(false);
    await rig.raw("PATCH", `/v1/scans/${id}`, { enabled: true });
    rig.clock.advance(60);
    expect(await status(id)).toMatchObject({ phase: "failed", terminal: true, vendorState: "failed" });
  });

  it("reads an iteration cancelled while the scan stays enabled as cancelled and terminal", async () => {
    const id = await scan();
    await rig.raw("PATCH", `/v1/scans/${id}`, { enabled: true });
    const dumped = rig.emu.vendor.dump() as { scans: { iterations: { state: string }[] }[] };
    dumped.scans[0]!.iterations[0]!.state = "cancelled";
    rig.emu.vendor.load(dumped as unknown as JsonValue);
    expect(await status(id)).toMatchObject({ phase: "cancelled", terminal: true });
  });

  it("says a scan switched off, whose running iteration that cancelled, is idle: nothing to wait for, not a failure", async () => {
    const id = await scan();
    await rig.raw("PATCH", `/v1/scans/${id}`, { enabled: true });
    await rig.raw("PATCH", `/v1/scans/${id}`, { enabled: false });
    expect(await status(id)).toMatchObject({ phase: "idle", terminal: true, vendorState: "disabled" });
  });

  it("treats a state it does not know as still running (sheet decisions)", async () => {
    const id = await scan();
    const dumped = rig.emu.vendor.dump() as { scans: { iterations: unknown[] }[] };
    dumped.scans[0]!.iterations = [{ id: "it-1", state: "queued", started_at: null, finished_at: null }];
    rig.emu.vendor.load(dumped as unknown as JsonValue);
    expect(await status(id)).toMatchObject({ phase: "running", terminal: false, vendorState: "queued" });
  });

  it("says a disabled scan that never ran is idle: terminal, and not a failure", async () => {
    const id = await scan();
    expect(await status(id)).toMatchObject({ phase: "idle", terminal: true, vendorState: "never run" });
  });

  it("needs no run id, and names an earlier run it was given", async () => {
    const id = await scan();
    await rig.raw("PATCH", `/v1/scans/${id}`, { enabled: true });
    const s = await status(id, "older-iteration");
    expect(s.detail).toContain("run older-iteration was earlier");
  });

  it("reads one scan with expand=iteration", async () => {
    const id = await scan();
    await status(id);
    expect(rig.emu.log.entries().map((e) => `${e.method} ${e.path}`)).toEqual([`GET /api/v1/scans/${id}`]);
  });

  it("reports an unknown scan as VENDOR_NOT_FOUND", async () => {
    expect((await caught(() => status("00000000-0000-4000-8000-000000000000"))).code).toBe("VENDOR_NOT_FOUND");
  });
});

describe("hexiosec driver: launch and read-back", () => {
  const entry = (operation: "create" | "launch" = "create", naturalKey = "corp-perimeter"): JournalEntry => ({
    id: "j1",
    address,
    vendor: "hexiosec",
    kind: "scan",
    operation,
    naturalKey,
    specDigest: "sha256:x",
    startedAt: "2025-12-31T23:59:00.000Z",
  });

  it("refuses to launch: Hexiosec scans run while enabled", async () => {
    const e = await caught(() => rig.session.launch({ address, kind: "scan", ids: { id: "x" }, spec: {}, runKey: "k" }, { signal: new AbortController().signal, idsOf: () => undefined, checkpoint: async () => {} }));
    expect(e.code).toBe("VENDOR_UNSUPPORTED");
    expect(rig.operations()).toEqual([]);
  });

  it("finds a create that landed by the scan's exact name", async () => {
    const id = await scan();
    expect(await rig.session.readBack(entry())).toEqual({ outcome: "landed", ids: { id } });
    expect(rig.operations()).toEqual(["listScans"]);
  });

  it("reports a create that did not land as absent", async () => {
    await scan(true, "another");
    expect(await rig.session.readBack(entry())).toEqual({ outcome: "absent" });
  });

  it("picks the scan created since the journal entry when an older one has the same name", async () => {
    const dumped = rig.emu.vendor.dump() as { scans: unknown[] };
    dumped.scans.push({ id: "old", name: "corp-perimeter", type: "adhoc", scan_group_id: SECURITY, enabled: false, dns_namelist: false, ignore_ip_nodes: false, created_at: "2025-01-01T00:00:00.000Z" });
    rig.emu.vendor.load(dumped as unknown as JsonValue);
    const id = await scan();
    expect(await rig.session.readBack(entry())).toEqual({ outcome: "landed", ids: { id } });
  });

  // A key renamed without moved: deletes the old scan and creates one of the same name in one apply;
  // a create whose answer is lost must not take the old scan, about to be deleted, for its own.
  it("does not take the only scan of the name for the create when it is older than the entry", async () => {
    const dumped = rig.emu.vendor.dump() as { scans: unknown[] };
    dumped.scans.push({ id: "old", name: "corp-perimeter", type: "adhoc", scan_group_id: SECURITY, enabled: false, dns_namelist: false, ignore_ip_nodes: false, created_at: "2025-01-01T00:00:00.000Z" });
    rig.emu.vendor.load(dumped as unknown as JsonValue);
    expect(await rig.session.readBack(entry())).toEqual({ outcome: "absent" });
  });

  it("refuses to guess between two scans of the name created since the entry", async () => {
    await scan();
    await scan();
    expect((await caught(() => rig.session.readBack(entry()))).code).toBe("VENDOR_AMBIGUOUS");
  });

  it("cannot settle a launch entry, since scanform never launches Hexiosec scans", async () => {
    expect(await rig.session.readBack(entry("launch", "run-key"))).toMatchObject({ outcome: "unknowable" });
  });
});
