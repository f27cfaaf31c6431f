import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { HttpRequest, HttpResponse } from "../../../src/http/types.js";
import { createHexiosecClient } from "../../../src/vendors/hexiosec/client.js";
import { observeScans } from "../../../src/vendors/hexiosec/observe.js";
import { desired, scanSpec, SECURITY, startRig, stateEntry, VENDORS, type Rig } from "./harness.js";

let rig: Rig;
beforeEach(async () => {
  rig = await startRig();
});
afterEach(() => rig.close());

async function vendorScan(fields: Record<string, unknown> = {}, seeds: { name: string; type: string; tags?: string[] }[] = []): Promise<string> {
  const scan = await rig.raw("POST", "/v1/scans", { name: "corp-perimeter", scan_group_id: SECURITY, type: "continuous_own", ...fields });
  for (const s of seeds) await rig.raw("POST", `/v1/scans/${scan.id}/seeds`, s);
  return scan.id as string;
}

describe("hexiosec driver: observe", () => {
  it("finds nothing at an empty tenant, with two list calls", async () => {
    const obs = await rig.session.observe({ desired: [desired("corp-perimeter", scanSpec())], state: [] });
    expect(obs).toEqual({ objects: [], diagnostics: [] });
    expect(rig.operations().sort()).toEqual(["listScanGroups", "listScans"]);
  });

  it("asks for the two lists before the seed lists of the scans state knows", async () => {
    // More scans than the client's 5 slots: lists queued behind their seed lists would answer last.
    const names = Array.from({ length: 8 }, (_, i) => `scan-${i}`);
    const ids: string[] = [];
    for (const name of names) ids.push(await vendorScan({ name }));
    await rig.session.observe({
      desired: names.map((n) => desired(n, scanSpec({ name: n }))),
      state: names.map((n, i) => stateEntry(n, ids[i]!, scanSpec({ name: n }))),
    });
    const first = rig.operations().slice(0, 5);
    expect(first).toEqual(expect.arrayContaining(["listScanGroups", "listScans"]));
  });

  it("finds a scan state knows by its id, whatever its name now", async () => {
    const id = await vendorScan({ name: "renamed in the app" });
    const obs = await rig.session.observe({ desired: [desired("corp-perimeter", scanSpec())], state: [stateEntry("corp-perimeter", id, scanSpec())] });
    expect(obs.objects).toEqual([expect.objectContaining({ address: "hexiosec.scan.corp-perimeter", match: "state", ids: { id } })]);
    expect(obs.objects[0]!.spec.name).toBe("renamed in the app");
  });

  it("normalises a scan into the manifest's spec shape", async () => {
    const id = await vendorScan({ dns_namelist: true }, [
      { name: "Example.COM", type: "Domain", tags: ["scanform"] },
      { name: "203.0.113.0/24", type: "iprange", tags: ["scanform"] },
    ]);
    await rig.raw("PATCH", `/v1/scans/${id}`, { enabled: true });
    const obs = await rig.session.observe({ desired: [desired("corp-perimeter", scanSpec())], state: [stateEntry("corp-perimeter", id, scanSpec())] });
    expect(obs.objects[0]!.spec).toEqual({
      name: "corp-perimeter",
      group: "Security",
      type: "continuous_own",
      seeds: ["203.0.113.0/24", "example.com"],
      enabled: true,
      dnsNamelist: true,
      ignoreIpNodes: false,
    });
  });

  it("finds a scan by exact name when state has no entry, as an adopt candidate", async () => {
    const id = await vendorScan();
    const obs = await rig.session.observe({ desired: [desired("corp-perimeter", scanSpec())], state: [] });
    expect(obs.objects).toEqual([expect.objectContaining({ match: "name", ids: { id } })]);
  });

  it("does not match a name that differs only in case", async () => {
    await vendorScan({ name: "Corp-Perimeter" });
    expect((await rig.session.observe({ desired: [desired("corp-perimeter", scanSpec())], state: [] })).objects).toEqual([]);
  });

  it("does not offer a scan state gives to another address by name", async () => {
    const id = await vendorScan();
    const obs = await rig.session.observe({ desired: [desired("new-name", scanSpec())], state: [stateEntry("old-name", id, scanSpec())] });
    expect(obs.objects.map((o) => [o.address, o.match])).toEqual([["hexiosec.scan.old-name", "state"]]);
  });

  it("reports two scans of one name as an ambiguity error at the manifest location", async () => {
    const a = await vendorScan();
    const b = await vendorScan();
    const obs = await rig.session.observe({ desired: [desired("corp-perimeter", scanSpec())], state: [] });
    expect(obs.objects).toEqual([]);
    expect(obs.diagnostics).toEqual([
      expect.objectContaining({ code: "VENDOR_AMBIGUOUS", severity: "error", source: expect.objectContaining({ file: "scans/hexiosec.yaml", line: 3 }) }),
    ]);
    expect(obs.diagnostics[0]!.message).toContain(a);
    expect(obs.diagnostics[0]!.message).toContain(b);
  });

  it("observes a scan only state knows (removed from the manifests), so it can be deleted", async () => {
    const id = await vendorScan();
    const obs = await rig.session.observe({ desired: [], state: [stateEntry("gone", id, scanSpec())] });
    expect(obs.objects.map((o) => o.address)).toEqual(["hexiosec.scan.gone"]);
  });

  it("returns nothing for a state entry whose scan was deleted at the vendor", async () => {
    const obs = await rig.session.observe({ desired: [], state: [stateEntry("gone", "00000000-0000-4000-8000-000000000000", scanSpec())] });
    expect(obs.objects).toEqual([]);
  });

  it("writes the group as the manifest does: by name, or by UUID", async () => {
    const id = await vendorScan();
    const byId = scanSpec({ group: SECURITY.toUpperCase() });
    const obs = await rig.session.observe({ desired: [desired("corp-perimeter", byId)], state: [stateEntry("corp-perimeter", id, byId)] });
    expect(obs.objects[0]!.spec.group).toBe(SECURITY.toUpperCase());
    const byName = await rig.session.observe({ desired: [desired("corp-perimeter", scanSpec())], state: [stateEntry("corp-perimeter", id, scanSpec())] });
    expect(byName.objects[0]!.spec.group).toBe("Security");
  });

  it("shows another group in the manifest's form, so the plan sees the change", async () => {
    const id = await vendorScan({ scan_group_id: VENDORS });
    const byId = scanSpec({ group: SECURITY });
    const obs = await rig.session.observe({ desired: [desired("corp-perimeter", byId)], state: [stateEntry("corp-perimeter", id, byId)] });
    expect(obs.objects[0]!.spec.group).toBe(VENDORS);
  });

  it("reports a group that does not exist as an error naming the groups the key can see", async () => {
    const obs = await rig.session.observe({ desired: [desired("corp-perimeter", scanSpec({ group: "Secruity" }))], state: [] });
    expect(obs.diagnostics).toEqual([expect.objectContaining({ code: "VENDOR_NOT_FOUND", severity: "error" })]);
    expect(obs.diagnostics[0]!.message).toContain("Security, Vendors");
  });

  it("reports only tagged seeds and lists untagged ones in a note", async () => {
    const id = await vendorScan({}, [
      { name: "example.com", type: "domain", tags: ["scanform"] },
      { name: "hand.example", type: "domain" },
      { name: "8.8.8.8", type: "ipv4", tags: ["cloud-connector"] },
    ]);
    const obs = await rig.session.observe({ desired: [desired("corp-perimeter", scanSpec())], state: [stateEntry("corp-perimeter", id, scanSpec())] });
    expect(obs.objects[0]!.spec.seeds).toEqual(["example.com"]);
    expect(obs.objects[0]!.notes).toEqual(["2 seeds without the scanform tag are left alone: 8.8.8.8, hand.example"]);
  });

  it("says the untagged seeds go with the scan, for a plan that would delete or replace it", async () => {
    const id = await vendorScan({}, [
      { name: "example.com", type: "domain", tags: ["scanform"] },
      { name: "hand.example", type: "domain" },
    ]);
    const obs = await rig.session.observe({ desired: [desired("corp-perimeter", scanSpec())], state: [stateEntry("corp-perimeter", id, scanSpec())] });
    expect(obs.objects[0]!.holds).toEqual(["1 seed without the scanform tag (hand.example)"]);
  });

  it("does not count an untagged seed the manifest lists among what a delete or replace loses: the new scan has it", async () => {
    const id = await vendorScan({}, [
      { name: "example.com", type: "domain", tags: ["scanform"] },
      { name: "hand.example", type: "domain" },
      { name: "kept.example", type: "domain" },
    ]);
    const spec = scanSpec({ seeds: ["example.com", "kept.example"] });
    const obs = await rig.session.observe({ desired: [desired("corp-perimeter", spec)], state: [stateEntry("corp-perimeter", id, spec)] });
    expect(obs.objects[0]!.holds).toEqual(["1 seed without the scanform tag (hand.example)"]);
  });

  it("counts an untagged seed the manifest lists as present, so it is never added again", async () => {
    const id = await vendorScan({}, [{ name: "hand.example", type: "domain" }]);
    const spec = scanSpec({ seeds: ["hand.example"] });
    const obs = await rig.session.observe({ desired: [desired("corp-perimeter", spec)], state: [stateEntry("corp-perimeter", id, spec)] });
    expect(obs.objects[0]!.spec.seeds).toEqual(["hand.example"]);
    expect(obs.objects[0]!.notes).toEqual(["1 seed without the scanform tag is left alone: hand.example"]);
  });

  it("changes the fingerprint when anything at the vendor changes, untagged seeds included", async () => {
    const id = await vendorScan();
    const request = { desired: [desired("corp-perimeter", scanSpec())], state: [stateEntry("corp-perimeter", id, scanSpec())] };
    const first = (await rig.session.observe(request)).objects[0]!.fingerprint;
    expect((await rig.session.observe(request)).objects[0]!.fingerprint).toBe(first);
    await rig.raw("POST", `/v1/scans/${id}/seeds`, { name: "hand.example", type: "domain" });
    expect((await rig.session.observe(request)).objects[0]!.fingerprint).not.toBe(first);
  });

  it("costs two list calls plus one seed list per observed scan, never a get per scan", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) ids.push(await vendorScan({ name: `scan-${i}` }));
    const state = ids.map((id, i) => stateEntry(`scan-${i}`, id, scanSpec({ name: `scan-${i}` })));
    await rig.session.observe({ desired: [], state });
    expect(rig.emu.log.counts()).toEqual({ listScanGroups: 1, listScans: 1, listSeeds: 6 });
  });
});

describe("hexiosec driver: observe keeps its slots busy", () => {
  /** Answers nothing until `release`: shows which requests were sent before any answer came. */
  function heldHttp(answer: (r: HttpRequest) => HttpResponse) {
    const sent: string[] = [];
    const waiting: (() => void)[] = [];
    return {
      sent,
      release: () => waiting.splice(0).forEach((go) => go()),
      http: {
        request: (r: HttpRequest) =>
          new Promise<HttpResponse>((resolve) => {
            sent.push(r.operation);
            waiting.push(() => resolve(answer(r)));
          }),
      },
    };
  }
  const scanWire = (id: string) => ({ id, name: `scan-${id}`, type: "continuous_own", scan_group_id: SECURITY, enabled: false, dns_namelist: false, ignore_ip_nodes: false });
  const ids = ["11111111-1111-4111-8111-111111111111", "22222222-2222-4222-8222-222222222222"];
  const ok = (value: unknown): HttpResponse => ({ status: 200, headers: {}, body: JSON.stringify(value) });

  it("asks for the seeds of the scans state knows together with the two lists, not after them", async () => {
    const held = heldHttp((r) => ok(r.operation === "hexiosec.listScans" ? ids.map(scanWire) : r.operation === "hexiosec.listScanGroups" ? [{ id: SECURITY, name: "Security" }] : []));
    const state = ids.map((id) => stateEntry(`scan-${id}`, id, scanSpec({ name: `scan-${id}` })));
    const observing = observeScans(createHexiosecClient(held.http, []), { desired: [], state });
    await new Promise((resolve) => setImmediate(resolve));
    expect([...held.sent].sort()).toEqual(["hexiosec.listScanGroups", "hexiosec.listScans", "hexiosec.listSeeds", "hexiosec.listSeeds"]);
    held.release();
    expect((await observing).objects.map((o) => o.ids.id)).toEqual(ids);
  });

  it("ignores the failed seed list of a scan state knows but Hexiosec no longer has", async () => {
    const gone = ids[1]!;
    const answer = (r: HttpRequest): HttpResponse =>
      r.path.includes(gone) ? { status: 404, headers: {}, body: '{"code":"not_found"}' } : ok(r.operation === "hexiosec.listScans" ? [scanWire(ids[0]!)] : r.operation === "hexiosec.listScanGroups" ? [] : []);
    const state = ids.map((id) => stateEntry(`scan-${id}`, id, scanSpec({ name: `scan-${id}` })));
    const obs = await observeScans(createHexiosecClient({ request: async (r) => answer(r) }, []), { desired: [], state });
    expect(obs.objects.map((o) => o.ids.id)).toEqual([ids[0]]);
  });
});
