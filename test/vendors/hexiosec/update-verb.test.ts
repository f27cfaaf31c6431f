/**
 * The update verb is a GUESS (sheet §3): scanform sends PATCH, and a server that answers 405 gets
 * the same update once more as PUT, and PUT from then on in that session.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { HttpRequest, HttpResponse } from "../../../src/http/types.js";
import { caught, createChange, scanSpec, startRig, stepContext, updateChange, type Rig } from "./harness.js";

let rig: Rig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

/**
 * A Hexiosec whose update endpoint takes `takes` only: other verbs on a scan's path are a 405, and
 * the verb taken reaches the emulator as its PATCH. `verbs` lists the update verbs the driver sent.
 */
function updateTakes(takes: readonly string[]) {
  const verbs: string[] = [];
  const intercept = async (req: HttpRequest, send: (req: HttpRequest) => Promise<HttpResponse>): Promise<HttpResponse> => {
    if (req.operation !== "hexiosec.updateScan") return send(req);
    verbs.push(req.method);
    if (!takes.includes(req.method)) {
      return { status: 405, headers: { "content-type": "application/json", allow: `GET, ${takes.join(", ")}, DELETE` }, body: JSON.stringify({ code: "method_not_allowed", message: `${req.method} is not allowed here` }) };
    }
    return send({ ...req, method: "PATCH" });
  };
  return { verbs, intercept };
}

describe("hexiosec driver: an update endpoint that refuses PATCH with 405", () => {
  it("sends the update once more as PUT, and it lands", async () => {
    const server = updateTakes(["PUT"]);
    rig = await startRig({ intercept: server.intercept });
    const scan = await rig.raw("POST", "/v1/scans", { name: "corp-perimeter", scan_group_id: "00000001-0001-0001-0001-000000000001", type: "adhoc" });
    await rig.session.update(updateChange("corp-perimeter", scan.id, scanSpec(), scanSpec({ name: "renamed", dnsNamelist: true })), stepContext());
    expect(server.verbs).toEqual(["PATCH", "PUT"]);
    expect(await rig.raw("GET", `/v1/scans/${scan.id}`)).toMatchObject({ name: "renamed", dns_namelist: true });
  });

  it("uses PUT for every later update of the session", async () => {
    const server = updateTakes(["PUT"]);
    rig = await startRig({ intercept: server.intercept });
    const ids = await rig.session.create(createChange("corp-perimeter", scanSpec({ seeds: ["a.example"], enabled: true })), stepContext());
    const running = scanSpec({ seeds: ["a.example"], enabled: true });
    await rig.session.update(updateChange("corp-perimeter", ids.id!, running, { ...running, enabled: false }), stepContext());
    expect(server.verbs).toEqual(["PATCH", "PUT", "PUT"]);
    expect((await rig.raw("GET", `/v1/scans/${ids.id}`)).enabled).toBe(false);
  });

  it("starts a new session with PATCH again", async () => {
    const server = updateTakes(["PUT"]);
    rig = await startRig({ intercept: server.intercept });
    const scan = await rig.raw("POST", "/v1/scans", { name: "corp-perimeter", scan_group_id: "00000001-0001-0001-0001-000000000001", type: "adhoc" });
    const rename = (name: string) => updateChange("corp-perimeter", scan.id, scanSpec(), scanSpec({ name }));
    await rig.session.update(rename("first"), stepContext());
    await rig.connect().update(rename("second"), stepContext());
    expect(server.verbs).toEqual(["PATCH", "PUT", "PATCH", "PUT"]);
  });

  it("reports an update refused with 405 as PUT too as VENDOR_VALIDATION, after one try of each verb", async () => {
    const server = updateTakes(["POST"]);
    rig = await startRig({ intercept: server.intercept });
    const scan = await rig.raw("POST", "/v1/scans", { name: "corp-perimeter", scan_group_id: "00000001-0001-0001-0001-000000000001", type: "adhoc" });
    const e = await caught(() => rig!.session.update(updateChange("corp-perimeter", scan.id, scanSpec(), scanSpec({ name: "renamed" })), stepContext()));
    expect(e).toMatchObject({ code: "VENDOR_VALIDATION", detail: { operation: "hexiosec.updateScan", status: 405 } });
    expect(server.verbs).toEqual(["PATCH", "PUT"]);
  });

  it("never sends PUT to a server that takes PATCH", async () => {
    const server = updateTakes(["PATCH"]);
    rig = await startRig({ intercept: server.intercept });
    await rig.session.create(createChange("corp-perimeter", scanSpec({ seeds: ["a.example"], enabled: true })), stepContext());
    expect(server.verbs).toEqual(["PATCH"]);
  });
});
