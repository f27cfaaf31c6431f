import { afterEach, describe, expect, it } from "vitest";
import { ScanformError } from "../../../src/core/errors.js";
import { createHttpClient } from "../../../src/http/client.js";
import type { HttpClient, HttpRequest, HttpResponse } from "../../../src/http/types.js";
import type { JournalEntry } from "../../../src/state/model.js";
import type { ResolvedSettings } from "../../../src/vendors/driver.js";
import { hexiosecDriver } from "../../../src/vendors/hexiosec/driver.js";
import { confirmVanished } from "../../../src/plan/confirm-absent.js";
import { caught, createChange, deleteChange, desired, scanSpec, SECURITY, startRig, stateEntry, stepContext, updateChange, type Rig } from "./harness.js";

let rig: Rig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

const address = "hexiosec.scan.corp-perimeter";
const createEntry: JournalEntry = { id: "j1", address, vendor: "hexiosec", kind: "scan", operation: "create", naturalKey: "corp-perimeter", specDigest: "sha256:x", startedAt: "2025-12-31T23:59:00.000Z" };

describe("hexiosec driver: bad credentials", () => {
  it("reports a wrong key as VENDOR_AUTH with a hint naming HEXIOSEC_API_KEY", async () => {
    rig = await startRig();
    const e = await caught(() => rig!.connect({ apiKey: "not-the-key" }).observe({ desired: [desired("corp-perimeter", scanSpec())], state: [] }));
    expect(e).toBeInstanceOf(ScanformError);
    expect(e.code).toBe("VENDOR_AUTH");
    expect(e.message).toMatch(/^hexiosec\.list(Scans|ScanGroups) failed: HTTP 401 \(unauthorised: /);
    expect(e.hint).toContain("HEXIOSEC_API_KEY");
    expect(e.detail).toMatchObject({ vendor: "hexiosec", status: 401, vendorCode: "unauthorised" });
  });

  it("does not retry a 401", async () => {
    rig = await startRig();
    await caught(() => rig!.connect({ apiKey: "not-the-key" }).status({ address, kind: "scan", ids: { id: "x" } }));
    expect(rig.emu.log.count()).toBe(1);
  });

  /** GET /auth answered 200 with `body`, as a vendor that refuses a key in AuthResponse would (sheet §2). */
  const authAnswers = (body: string) => ({
    intercept: async (req: HttpRequest, send: (req: HttpRequest) => Promise<HttpResponse>): Promise<HttpResponse> =>
      req.operation === "hexiosec.verifyKey" ? { status: 200, headers: { "content-type": "application/json" }, body } : send(req),
  });

  it("reports a key GET /auth answers with authenticated: false as VENDOR_AUTH, as a 401 is", async () => {
    rig = await startRig(authAnswers(JSON.stringify({ authenticated: false })));
    const e = await caught(() => rig!.session.checkCredentials!());
    expect(e).toBeInstanceOf(ScanformError);
    expect(e.code).toBe("VENDOR_AUTH");
    expect(e.message).toBe("hexiosec.verifyKey failed: HTTP 200, but Hexiosec answered authenticated: false (it does not accept the key)");
    expect(e.hint).toContain("HEXIOSEC_API_KEY");
    expect(e.detail).toMatchObject({ vendor: "hexiosec", operation: "hexiosec.verifyKey", status: 200 });
  });

  it.each([
    ["authenticated: true", JSON.stringify({ authenticated: true })],
    ["no authenticated field", JSON.stringify({ user: "someone" })],
    ["a body that is not JSON", "OK"],
  ])("takes a 200 from GET /auth with %s as a valid key", async (_, body) => {
    rig = await startRig(authAnswers(body));
    expect(await rig.session.checkCredentials!()).toEqual({ call: "GET /auth", notes: [] });
  });

  it("refuses to connect without a key, before any call", () => {
    const e = (() => {
      try {
        hexiosecDriver.connect({ url: "http://127.0.0.1:1/api" }, { makeHttp: () => ({ request: () => Promise.reject(new Error("no call expected")) }), now: () => new Date() });
      } catch (err) {
        return err as ScanformError;
      }
      throw new Error("expected a refusal");
    })();
    expect(e.code).toBe("VENDOR_SETTINGS");
    expect(e.hint).toContain("HEXIOSEC_API_KEY");
  });
});

describe("hexiosec driver: throttling and faults", () => {
  it("slows down when throttled (429 + Retry-After) and finishes", async () => {
    rig = await startRig({ controls: { ratePerSecond: 8 }, backoff: { capMs: 1000 } });
    const ids = await rig.session.create(createChange("corp-perimeter", scanSpec({ seeds: ["a.example", "b.example", "c.example", "d.example", "e.example", "f.example", "g.example", "h.example"], enabled: true })), stepContext());
    expect(rig.emu.log.entries().some((e) => e.outcome === "throttled")).toBe(true);
    expect(((await rig.raw("GET", `/v1/scans/${ids.id}/seeds`)) as unknown[]).length).toBe(8);
    expect(rig.emu.log.entries().filter((e) => e.operation === "createScan" && e.outcome === "answered")).toHaveLength(1);
  });

  it("retries reads through server errors and finishes", async () => {
    rig = await startRig({ controls: { faults: { serverError: 0.5, operations: ["listScans", "listScanGroups", "listSeeds"] } }, backoff: { maxAttempts: 10 } });
    const scan = await rig.raw("POST", "/v1/scans", { name: "corp-perimeter", scan_group_id: "00000001-0001-0001-0001-000000000001", type: "adhoc" });
    const obs = await rig.session.observe({ desired: [desired("corp-perimeter", scanSpec())], state: [stateEntry("corp-perimeter", scan.id, scanSpec())] });
    expect(obs.objects).toHaveLength(1);
    expect(rig.emu.log.entries().some((e) => e.outcome === "server-error")).toBe(true);
  });

  it("does not resend a create refused with a 5xx, and reports it as VENDOR_ERROR", async () => {
    rig = await startRig({ controls: { faults: { serverError: 1, operations: ["createScan"] } } });
    const e = await caught(() => rig!.session.create(createChange("corp-perimeter", scanSpec()), stepContext()));
    expect(e.code).toBe("VENDOR_ERROR");
    expect(e.detail).toMatchObject({ status: expect.any(Number), vendorCode: "internal_error" });
    expect(rig.emu.log.count("createScan")).toBe(1);
  });

  it("reports a create whose answer was lost as VENDOR_AMBIGUOUS, never sends it twice, and read-back finds it", async () => {
    rig = await startRig({ controls: { faults: { lostAnswer: 1, operations: ["createScan"] } } });
    const ctx = stepContext();
    const e = await caught(() => rig!.session.create(createChange("corp-perimeter", scanSpec({ seeds: ["example.com"], enabled: true })), ctx));
    expect(e.code).toBe("VENDOR_AMBIGUOUS");
    expect(e.message).toContain("hexiosec.createScan for hexiosec.scan.corp-perimeter");
    expect(ctx.checkpoints).toEqual([]);
    expect(rig.emu.log.count("createScan")).toBe(1);
    const found = await rig.session.readBack(createEntry);
    const scans = (await rig.raw("GET", "/v1/scans")) as { id: string }[];
    expect(found).toEqual({ outcome: "landed", ids: { id: scans[0]!.id } });
    expect(scans).toHaveLength(1);
  });

  it("settles a seed add whose answer was lost by listing the seeds, sending each seed once", async () => {
    rig = await startRig({ controls: { faults: { lostAnswer: 1, operations: ["addSeed"] } } });
    const ids = await rig.session.create(createChange("corp-perimeter", scanSpec({ seeds: ["a.example", "b.example"], enabled: true })), stepContext());
    expect(rig.emu.log.count("addSeed")).toBe(2);
    expect(((await rig.raw("GET", `/v1/scans/${ids.id}/seeds`)) as { name: string }[]).map((s) => s.name).sort()).toEqual(["a.example", "b.example"]);
    expect((await rig.raw("GET", `/v1/scans/${ids.id}`)).enabled).toBe(true);
  });

  it("sends a seed add again only after a read-back shows the first did not land", async () => {
    rig = await startRig();
    const r = rig;
    let dropped = 0;
    const session = hexiosecDriver.connect({ url: r.url, apiKey: r.key } as ResolvedSettings, {
      makeHttp: (o) => {
        const real = createHttpClient({ ...o, backoff: { baseMs: 5, capMs: 50 } });
        const flaky: HttpClient & { close(): Promise<void> } = {
          request: (req) => {
            // The connection dies before the request is written: the vendor never saw it.
            if (req.operation === "hexiosec.addSeed" && dropped++ === 0) {
              return Promise.reject(new ScanformError("HTTP_NETWORK", "hexiosec POST /v1/scans/x/seeds (hexiosec.addSeed): the connection was closed", { detail: { mayHaveLanded: true } }));
            }
            return real.request(req);
          },
          close: () => real.close(),
        };
        return flaky;
      },
      now: () => new Date(),
    });
    const ids = await session.create(createChange("corp-perimeter", scanSpec({ seeds: ["a.example"] })), stepContext());
    expect(r.operations()).toEqual(["listScanGroups", "createScan", "listSeeds", "addSeed"]);
    expect(((await r.raw("GET", `/v1/scans/${ids.id}/seeds`)) as unknown[]).length).toBe(1);
  });

  it("reports a seed the vendor refuses as VENDOR_VALIDATION with the vendor's code", async () => {
    rig = await startRig();
    const scan = await rig.raw("POST", "/v1/scans", { name: "corp-perimeter", scan_group_id: "00000001-0001-0001-0001-000000000001", type: "adhoc" });
    // A value the manifest would never let through, to see the vendor's own refusal.
    const before = scanSpec();
    const e = await caught(() => rig!.session.update(updateChange("corp-perimeter", scan.id, before, { ...before, seeds: ["1.0.0.0/33"] }), stepContext()));
    expect(e.code).toBe("VENDOR_VALIDATION");
    expect(rig.emu.log.count("addSeed")).toBe(0);
  });
});

describe("hexiosec driver: no credential in any error", () => {
  const CANARY = "CANARY-hexiosec-9f8e7d6c5b4a";

  it("keeps a rejected key out of every error", async () => {
    rig = await startRig();
    const s = rig.connect({ apiKey: CANARY });
    const errors = await Promise.all([
      caught(() => s.observe({ desired: [desired("corp-perimeter", scanSpec())], state: [] })),
      caught(() => s.create(createChange("corp-perimeter", scanSpec()), stepContext())),
      caught(() => s.update(updateChange("corp-perimeter", "x", scanSpec(), scanSpec({ name: "y", seeds: ["a.example"] })), stepContext())),
      caught(() => s.delete(deleteChange("corp-perimeter", "x", scanSpec()), stepContext())),
      caught(() => s.status({ address, kind: "scan", ids: { id: "x" } })),
      caught(() => s.readBack(createEntry)),
    ]);
    for (const e of errors) expectNoCanary(e);
  });

  it("keeps a valid key out of errors from refusals, lost answers and missing objects", async () => {
    rig = await startRig({ emulator: { apiKey: CANARY, ipRanges: false }, controls: { faults: { lostAnswer: 1, operations: ["createScan"] } } });
    const s = rig.session;
    const errors = await Promise.all([
      caught(() => s.create(createChange("corp-perimeter", scanSpec()), stepContext())),
      caught(() => s.status({ address, kind: "scan", ids: { id: "00000000-0000-4000-8000-000000000000" } })),
      caught(() => s.update(updateChange("corp-perimeter", "00000000-0000-4000-8000-000000000000", scanSpec(), scanSpec({ name: "y" })), stepContext())),
    ]);
    for (const e of errors) expectNoCanary(e);
  });

  function expectNoCanary(e: unknown): void {
    expect(e).toBeInstanceOf(ScanformError);
    const err = e as ScanformError;
    const seen = [err.message, err.hint ?? "", JSON.stringify(err.detail ?? {}), err.stack ?? "", String((err.cause as Error | undefined)?.message ?? "")].join("\n");
    expect(seen).not.toContain(CANARY);
  }
});

describe("hexiosec driver: a scan list that answers [] for thirty tracked scans", () => {
  it("costs a round of reads by id, not one per scan, before the plan refuses it", async () => {
    rig = await startRig({ controls: { faults: { emptyList: 1, operations: ["listScans"] } } });
    const state = [];
    for (let i = 0; i < 30; i++) {
      const scan = await rig.raw("POST", "/v1/scans", { name: `scan-${i}`, scan_group_id: SECURITY, type: "continuous_own" });
      state.push(stateEntry(`scan-${i}`, scan.id as string, scanSpec({ name: `scan-${i}` })));
    }
    const observation = await rig.session.observe({ desired: [], state });
    const refused = await confirmVanished("hexiosec", rig.session, hexiosecDriver.kinds, state, observation);
    expect(refused.map((d) => d.code)).toEqual(["PLAN_LIST_INCOMPLETE"]);
    // The client's five slots: the first answer that finds its scan drops the calls still waiting.
    expect(rig.emu.log.count("getScan")).toBeLessThanOrEqual(6);
  });
});

describe("hexiosec driver: an id no request path can name", () => {
  it("stops a seed sync on a seed listed with the id \"..\" before it deletes anything", async () => {
    rig = await startRig();
    const ids = await rig.session.create(createChange("corp-perimeter", scanSpec({ seeds: ["old.example", "keep.example"] })), stepContext());
    // A path-tidying server reads DELETE /v1/scans/ID/seeds/.. as DELETE /v1/scans/ID: the scan.
    const world = (await (await fetch(`${rig.emu.origin}/__scanform/state`)).json()) as { scans: { seeds: { id: string; name: string }[] }[] };
    for (const scan of world.scans) for (const seed of scan.seeds) if (seed.name === "old.example") seed.id = "..";
    await fetch(`${rig.emu.origin}/__scanform/state`, { method: "PUT", body: JSON.stringify(world) });
    const before = scanSpec({ seeds: ["old.example", "keep.example"] });
    const after = scanSpec({ seeds: ["keep.example"] });

    const session = rig.session;
    const error = await caught(() => session.update(updateChange("corp-perimeter", ids.id!, before, after), stepContext()));

    expect(error).toMatchObject({ code: "VENDOR_BAD_ANSWER" });
    expect(error.message).toContain('unexpected answer (HTTP 200): seed 0 id ".." cannot name an object in a request path');
    expect(rig.operations().filter((o) => o.startsWith("delete"))).toEqual([]);
    expect((await rig.raw("GET", `/v1/scans/${ids.id}/seeds`)) as unknown[]).toHaveLength(2);
  });
});
