/**
 * The driver against answers that hold only what the vendor sheet guarantees (§4): a create
 * answers the scan's `id` and nothing else is promised; the add-seed answer's shape is a GUESS.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { HttpRequest, HttpResponse } from "../../../src/http/types.js";
import { caught, createChange, scanSpec, SECURITY, startRig, stepContext, type Rig } from "./harness.js";

let rig: Rig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

/** Passes the request on and keeps only `keep` of a 2xx answer's JSON object. */
const answerOnly =
  (operation: string, keep: (body: Record<string, unknown>) => unknown) =>
  async (req: HttpRequest, send: (req: HttpRequest) => Promise<HttpResponse>): Promise<HttpResponse> => {
    const res = await send(req);
    if (req.operation !== operation || res.status > 299) return res;
    return { ...res, body: JSON.stringify(keep(JSON.parse(res.body) as Record<string, unknown>)) };
  };
const idOnly = (operation: string) => answerOnly(operation, (b) => ({ id: b.id }));

describe("hexiosec driver: a create answered with the scan's id alone", () => {
  const spec = scanSpec({ seeds: ["a.example", "b.example"], enabled: true, dnsNamelist: true });

  it("checkpoints the id, adds every seed and enables the scan", async () => {
    rig = await startRig({ intercept: idOnly("hexiosec.createScan") });
    const ctx = stepContext();
    const ids = await rig.session.create(createChange("corp-perimeter", spec), ctx);
    expect(ctx.checkpoints).toEqual([ids]);
    expect(rig.operations()).toEqual(["listScanGroups", "createScan", "addSeed", "addSeed", "updateScan"]);
    expect(await rig.raw("GET", `/v1/scans/${ids.id}`)).toMatchObject({ name: "corp-perimeter", scan_group_id: SECURITY, dns_namelist: true, enabled: true });
  });

  it("refuses an id no request path can name, before any seed is sent", async () => {
    rig = await startRig({ intercept: answerOnly("hexiosec.createScan", () => ({ id: ".." })) });
    const ctx = stepContext();
    const e = await caught(() => rig!.session.create(createChange("corp-perimeter", spec), ctx));
    expect(e).toMatchObject({ code: "VENDOR_BAD_ANSWER", message: expect.stringContaining('the scan id ".." cannot name an object in a request path') });
    expect(ctx.checkpoints).toEqual([]);
    expect(rig.operations()).toEqual(["listScanGroups", "createScan"]);
  });

  it("refuses an answer without an id", async () => {
    rig = await startRig({ intercept: answerOnly("hexiosec.createScan", () => ({ name: "corp-perimeter" })) });
    const e = await caught(() => rig!.session.create(createChange("corp-perimeter", spec), stepContext()));
    expect(e).toMatchObject({ code: "VENDOR_BAD_ANSWER", message: expect.stringContaining("the scan id is not a string") });
  });
});

describe("hexiosec driver: an add-seed answer of any shape", () => {
  it.each([
    ["the seed's id alone", (b: Record<string, unknown>) => ({ id: b.id })],
    ["an empty object", () => ({})],
    ["a node without a name", () => ({ id: 7, label: "Domain" })],
  ])("is taken as the seed added, when it is %s", async (_, keep) => {
    rig = await startRig({ intercept: answerOnly("hexiosec.addSeed", keep) });
    const ids = await rig.session.create(createChange("corp-perimeter", scanSpec({ seeds: ["a.example", "b.example"], enabled: true })), stepContext());
    expect(((await rig.raw("GET", `/v1/scans/${ids.id}/seeds`)) as { name: string }[]).map((s) => s.name).sort()).toEqual(["a.example", "b.example"]);
    expect(rig.operations()).toEqual(["listScanGroups", "createScan", "addSeed", "addSeed", "updateScan"]);
  });
});
