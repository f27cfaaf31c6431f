import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { caught, createChange, deleteChange, scanSpec, SECURITY, startRig, stepContext, updateChange, type Rig } from "./harness.js";

let rig: Rig;
beforeEach(async () => {
  rig = await startRig();
});
afterEach(() => rig.close());

const seedsOf = async (id: string) => ((await rig.raw("GET", `/v1/scans/${id}/seeds?expand=tags`)) as { name: string; type: string; tags: string[] }[]).sort((a, b) => a.name.localeCompare(b.name));
const scanOf = (id: string) => rig.raw("GET", `/v1/scans/${id}?expand=iteration`);

describe("hexiosec driver: create", () => {
  const spec = scanSpec({ seeds: ["198.51.100.10-198.51.100.20", "2001:db8::1", "203.0.113.0/24", "example.com"], enabled: true, dnsNamelist: true });

  it("creates the scan in the named group with its flags", async () => {
    const ids = await rig.session.create(createChange("corp-perimeter", spec), stepContext());
    expect(await scanOf(ids.id!)).toMatchObject({ name: "corp-perimeter", scan_group_id: SECURITY, type: "continuous_own", dns_namelist: true, ignore_ip_nodes: false });
  });

  it("adds every seed with its lowercase type and the scanform tag", async () => {
    const ids = await rig.session.create(createChange("corp-perimeter", spec), stepContext());
    expect(await seedsOf(ids.id!)).toEqual([
      { id: expect.any(String), name: "198.51.100.10-198.51.100.20", type: "iprange", tags: ["scanform"] },
      { id: expect.any(String), name: "2001:db8::1", type: "ipv6", tags: ["scanform"] },
      { id: expect.any(String), name: "203.0.113.0/24", type: "iprange", tags: ["scanform"] },
      { id: expect.any(String), name: "example.com", type: "domain", tags: ["scanform"] },
    ]);
  });

  it("posts the scan, then its seeds one per call, then enables it last", async () => {
    await rig.session.create(createChange("corp-perimeter", spec), stepContext());
    expect(rig.operations()).toEqual(["listScanGroups", "createScan", "addSeed", "addSeed", "addSeed", "addSeed", "updateScan"]);
  });

  it("lists the scan groups once per session, however many scans it creates", async () => {
    await rig.session.create(createChange("corp-perimeter", spec), stepContext());
    await rig.session.create(createChange("supplier-portal", { ...spec, name: "supplier-portal" }), stepContext());
    expect(rig.operations().filter((op) => op === "listScanGroups")).toHaveLength(1);
  });

  it("starts an iteration because it enabled the scan with its seeds in place", async () => {
    const ids = await rig.session.create(createChange("corp-perimeter", spec), stepContext());
    rig.clock.advance(100);
    expect((await scanOf(ids.id!)).iteration.state).toBe("completed");
  });

  it("checkpoints the scan id before any seed is sent", async () => {
    let seen: string[] = [];
    const ctx = stepContext(() => {
      seen = rig.operations();
    });
    const ids = await rig.session.create(createChange("corp-perimeter", spec), ctx);
    expect(ctx.checkpoints).toEqual([ids]);
    expect(seen).toEqual(["listScanGroups", "createScan"]);
  });

  it("leaves a scan that is not enabled disabled, with no PATCH", async () => {
    const ids = await rig.session.create(createChange("corp-perimeter", scanSpec({ seeds: ["example.com"] })), stepContext());
    expect((await scanOf(ids.id!)).enabled).toBe(false);
    expect(rig.operations()).not.toContain("updateScan");
  });

  it("resolves a group written as a UUID", async () => {
    const ids = await rig.session.create(createChange("corp-perimeter", scanSpec({ group: "00000002-0002-0002-0002-000000000002" })), stepContext());
    expect((await scanOf(ids.id!)).scan_group_id).toBe("00000002-0002-0002-0002-000000000002");
  });

  it("refuses an unknown group before creating anything", async () => {
    const e = await caught(() => rig.session.create(createChange("corp-perimeter", scanSpec({ group: "Nope" })), stepContext()));
    expect(e.code).toBe("VENDOR_NOT_FOUND");
    expect(e.message).toContain("hexiosec.scan.corp-perimeter");
    expect(rig.operations()).toEqual(["listScanGroups"]);
  });

  it("reports a group the key may not write to as VENDOR_PERMISSION with a hint", async () => {
    await rig.close();
    rig = await startRig({ emulator: { groups: [{ id: "00000003-0003-0003-0003-000000000003", name: "Audit", writable: false }] } });
    const e = await caught(() => rig.session.create(createChange("corp-perimeter", scanSpec({ group: "Audit" })), stepContext()));
    expect(e.code).toBe("VENDOR_PERMISSION");
    expect(e.message).toBe("hexiosec.createScan for hexiosec.scan.corp-perimeter failed: HTTP 403 (forbidden: you do not have permission to create scans in scan group 00000003-0003-0003-0003-000000000003)");
    expect(e.hint).toMatch(/role in the scan group/);
    expect(e.detail).toMatchObject({ status: 403, vendorCode: "forbidden", address: "hexiosec.scan.corp-perimeter" });
  });

  it("keeps the checkpointed scan and reports a seed the tier refuses", async () => {
    await rig.close();
    rig = await startRig({ emulator: { ipRanges: false } });
    const ctx = stepContext();
    const e = await caught(() => rig.session.create(createChange("corp-perimeter", scanSpec({ seeds: ["203.0.113.0/24", "example.com"], enabled: true })), ctx));
    expect(e.code).toBe("VENDOR_PERMISSION");
    expect(e.detail.vendorCode).toBe("tier_restricted");
    expect(ctx.checkpoints).toHaveLength(1);
    expect((await seedsOf(ctx.checkpoints[0]!.id!)).map((s) => s.name)).toEqual(["example.com"]);
    expect((await scanOf(ctx.checkpoints[0]!.id!)).enabled).toBe(false);
  });

  it("reports several failed seeds together", async () => {
    await rig.close();
    rig = await startRig({ emulator: { ipRanges: false } });
    const e = await caught(() => rig.session.create(createChange("corp-perimeter", scanSpec({ seeds: ["203.0.113.0/24", "198.51.100.0/24"] })), stepContext()));
    expect(e.code).toBe("VENDOR_PERMISSION");
    expect(e.message).toMatch(/^hexiosec: 2 of 2 calls to add seeds for hexiosec.scan.corp-perimeter failed/);
    expect(e.detail.failures).toHaveLength(2);
  });

  it("reports hundreds of failed seeds in a message of bounded length, each reason once with how many it failed", async () => {
    await rig.close();
    rig = await startRig({ emulator: { ipRanges: false } });
    const seeds = Array.from({ length: 300 }, (_, i) => `10.${i >> 8}.${i & 255}.0/24`);
    const e = await caught(() => rig.session.create(createChange("corp-perimeter", scanSpec({ seeds })), stepContext()));
    expect(e.message).toMatch(/^hexiosec: 300 of 300 calls to add seeds for hexiosec.scan.corp-perimeter failed: 300 × /);
    expect(e.message.length).toBeLessThan(2_000);
    expect(e.detail.failures.length).toBeLessThanOrEqual(20);
    expect(e.detail.failuresLeftOut).toBe(280);
  });
});

describe("hexiosec driver: update", () => {
  async function existing(seeds: { name: string; type: string; tags?: string[] }[] = [], enabled = false): Promise<string> {
    const scan = await rig.raw("POST", "/v1/scans", { name: "corp-perimeter", scan_group_id: SECURITY, type: "continuous_own" });
    for (const s of seeds) await rig.raw("POST", `/v1/scans/${scan.id}/seeds`, s);
    if (enabled) await rig.raw("PATCH", `/v1/scans/${scan.id}`, { enabled: true });
    return scan.id as string;
  }

  it("renames and changes flags with one PATCH", async () => {
    const id = await existing();
    const before = scanSpec();
    await rig.session.update(updateChange("corp-perimeter", id, before, { ...before, name: "perimeter", dnsNamelist: true, ignoreIpNodes: true }), stepContext());
    expect(await scanOf(id)).toMatchObject({ name: "perimeter", dns_namelist: true, ignore_ip_nodes: true });
    expect(rig.operations()).toEqual(["updateScan"]);
  });

  it("adds missing seeds and removes tagged ones no longer listed", async () => {
    const id = await existing([
      { name: "old.example", type: "domain", tags: ["scanform"] },
      { name: "keep.example", type: "domain", tags: ["scanform"] },
    ]);
    const before = scanSpec({ seeds: ["keep.example", "old.example"] });
    await rig.session.update(updateChange("corp-perimeter", id, before, { ...before, seeds: ["192.0.2.1", "keep.example"] }), stepContext());
    expect((await seedsOf(id)).map((s) => s.name)).toEqual(["192.0.2.1", "keep.example"]);
    expect(rig.operations()).toEqual(["listSeeds", "removeSeed", "addSeed"]);
  });

  it("never removes a seed without the scanform tag", async () => {
    const id = await existing([{ name: "hand.example", type: "domain" }]);
    const before = scanSpec({ seeds: ["hand.example"] });
    await rig.session.update(updateChange("corp-perimeter", id, before, { ...before, seeds: [] }), stepContext());
    expect((await seedsOf(id)).map((s) => s.name)).toEqual(["hand.example"]);
    expect(rig.operations()).toEqual(["listSeeds"]);
  });

  it("does not add a seed that is already there untagged", async () => {
    const id = await existing([{ name: "hand.example", type: "domain" }]);
    const before = scanSpec();
    await rig.session.update(updateChange("corp-perimeter", id, before, { ...before, seeds: ["hand.example"] }), stepContext());
    expect(rig.operations()).toEqual(["listSeeds"]);
  });

  it("enables the scan after its seeds are in place", async () => {
    const id = await existing();
    const before = scanSpec();
    await rig.session.update(updateChange("corp-perimeter", id, before, { ...before, seeds: ["example.com"], enabled: true }), stepContext());
    expect(rig.operations()).toEqual(["listSeeds", "addSeed", "updateScan"]);
    rig.clock.advance(100);
    expect((await scanOf(id)).iteration.state).toBe("completed");
  });

  it("disables the scan before its seeds change", async () => {
    const id = await existing([{ name: "example.com", type: "domain", tags: ["scanform"] }], true);
    const before = scanSpec({ seeds: ["example.com"], enabled: true });
    await rig.session.update(updateChange("corp-perimeter", id, before, { ...before, seeds: [], enabled: false }), stepContext());
    expect(rig.operations()).toEqual(["updateScan", "listSeeds", "removeSeed"]);
    expect((await scanOf(id)).iteration.state).toBe("cancelled");
  });

  it("takes over an adopted scan the same way (import)", async () => {
    const id = await existing([{ name: "hand.example", type: "domain" }]);
    const before = scanSpec({ seeds: [] });
    await rig.session.update(updateChange("corp-perimeter", id, before, { ...before, seeds: ["example.com"] }, "import"), stepContext());
    expect((await seedsOf(id)).map((s) => [s.name, s.tags])).toEqual([["example.com", ["scanform"]], ["hand.example", []]]);
  });

  it("refuses to change type or group in place", async () => {
    const id = await existing();
    const before = scanSpec();
    const e = await caught(() => rig.session.update(updateChange("corp-perimeter", id, before, { ...before, type: "adhoc" }), stepContext()));
    expect(e.code).toBe("VENDOR_VALIDATION");
    expect(rig.operations()).toEqual([]);
  });

  it("reports a scan deleted at the vendor as VENDOR_NOT_FOUND", async () => {
    const before = scanSpec();
    const e = await caught(() => rig.session.update(updateChange("corp-perimeter", "00000000-0000-4000-8000-000000000000", before, { ...before, name: "x" }), stepContext()));
    expect(e.code).toBe("VENDOR_NOT_FOUND");
    expect(e.message).toBe("hexiosec.updateScan for hexiosec.scan.corp-perimeter failed: HTTP 404 (not_found: scan 00000000-0000-4000-8000-000000000000 not found)");
  });
});

describe("hexiosec driver: delete", () => {
  it("deletes the scan state names", async () => {
    const scan = await rig.raw("POST", "/v1/scans", { name: "corp-perimeter", scan_group_id: SECURITY, type: "adhoc" });
    await rig.session.delete(deleteChange("corp-perimeter", scan.id, scanSpec()), stepContext());
    expect(await rig.raw("GET", "/v1/scans")).toEqual([]);
  });

  it("succeeds when the scan is already gone", async () => {
    await rig.session.delete(deleteChange("corp-perimeter", "00000000-0000-4000-8000-000000000000", scanSpec()), stepContext());
    expect(rig.operations()).toEqual(["deleteScan"]);
  });

  it("refuses to act without an id", async () => {
    const e = await caught(() => rig.session.delete({ ...deleteChange("corp-perimeter", "", scanSpec()), ids: {} }, stepContext()));
    expect(e.code).toBe("VENDOR_NOT_FOUND");
    expect(rig.operations()).toEqual([]);
  });
});
