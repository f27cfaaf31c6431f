import { describe, expect, it } from "vitest";
import type { HttpClient, HttpRequest, HttpResponse } from "../../../src/http/types.js";
import { createCortexClient } from "../../../src/vendors/cortex/client.js";
import { vendorMessage } from "../../../src/vendors/cortex/errors.js";
import type { ScanDefinitionPayload } from "../../../src/vendors/cortex/api.js";
import { thrown } from "./helpers.js";

/** Answers every request with `answer`, recording what was asked; for answers the emulator never gives. */
function fakeHttp(answer: Partial<HttpResponse>): HttpClient & { readonly requests: HttpRequest[] } {
  const requests: HttpRequest[] = [];
  return {
    requests,
    async request(req) {
      requests.push(req);
      return { status: 200, headers: {}, body: "", ...answer };
    },
  };
}

const client = (http: HttpClient) => createCortexClient(http, ["canary-cortex-key"]);

describe("cortex client: reading answers", () => {
  it("reports a launch whose DATA has no run id as an error keeping the raw text", async () => {
    const client = createCortexClient(fakeHttp({ body: JSON.stringify({ DATA: "Scan queued" }) }));
    const e = await thrown(() => client.launchRun("5", undefined, { address: "cortex.scan.a" }));
    expect(e.code).toBe("VENDOR_BAD_ANSWER");
    expect(e.message).toBe('cortex: launch a run of definition 5 for cortex.scan.a: Cortex answered HTTP 200 but scanform cannot read the run id from "Scan queued"');
    expect(e.detail.raw).toBe("Scan queued");
  });

  it("says an adopted id the tenant does not know is the adopt's id to check, not a definition gone from state", async () => {
    const client = createCortexClient(fakeHttp({ status: 404, body: JSON.stringify({ reply: { err_code: 404, err_msg: "Scan definition not found" } }) }));
    const payload = { name: "lab", definition_id: 999, vt_config_id: 12 } as unknown as ScanDefinitionPayload;
    const e = await thrown(() => client.saveDefinition(payload, { address: "cortex.scan.lab", adopting: true }));
    expect(e.hint).toContain("adopt: {id}");
    expect(e.hint).not.toContain("state rm");
  });

  it("masks in quoted vendor text, once decoded, what the HTTP layer masks: the signature and nonce the request carried", async () => {
    const signature = "2e46d138168391872c9ac4658442b4834bfc767c";
    const http = { ...fakeHttp({ status: 400, body: `{"reply":{"err_code":400,"err_msg":"bad 2\\u0065${signature.slice(2)}"}}` }), redact: (text: string) => text.split(signature).join("***") };
    const e = await thrown(() => client(http).validateKey());
    expect(e.message).toContain("bad ***");
    expect(e.message).not.toContain(signature.slice(2));
  });

  it("reads the run id case-insensitively from DATA", async () => {
    const client = createCortexClient(fakeHttp({ body: JSON.stringify({ DATA: "Scan launched successfully with RUN id:  789" }) }));
    expect(await client.launchRun("5", undefined)).toBe("789");
  });

  it("sends a launch as not idempotent, with the target override as one string", async () => {
    const http = fakeHttp({ body: JSON.stringify({ DATA: "Scan launched successfully with run ID: 1" }) });
    await createCortexClient(http).launchRun("5", "10.0.0.0/24");
    expect(http.requests[0]).toMatchObject({ method: "POST", path: "/public_api/netscan/v1/scan/run", idempotent: false });
    expect(JSON.parse(http.requests[0]!.body!)).toEqual({ request_data: { definition_id: 5, target: "10.0.0.0/24" } });
  });

  it("treats an unknown run state as still running and says so", async () => {
    const client = createCortexClient(fakeHttp({ body: JSON.stringify({ DATA: "Scan is in Queued state" }) }));
    expect(await client.runStatus("7")).toEqual({ phase: "running", terminal: false, vendorState: "Scan is in Queued state", detail: 'unknown Cortex run state "Queued", treated as still running' });
  });

  it("reads a run state in any letter case, as the sheet's pattern matches it: completed ends the run", async () => {
    const client = createCortexClient(fakeHttp({ body: JSON.stringify({ DATA: "Scan is in completed state" }) }));
    expect(await client.runStatus("7")).toMatchObject({ phase: "succeeded", terminal: true });
  });

  it("reports a status answer without the state sentence as unreadable", async () => {
    const client = createCortexClient(fakeHttp({ body: JSON.stringify({ DATA: "ok" }) }));
    expect((await thrown(() => client.runStatus("7"))).code).toBe("VENDOR_BAD_ANSWER");
  });

  it("reports a create answer without definition_id as unreadable", async () => {
    const client = createCortexClient(fakeHttp({ status: 201, body: JSON.stringify({ message: "Scan created successfully" }) }));
    const e = await thrown(() => client.saveDefinition({} as never));
    expect(e.code).toBe("VENDOR_BAD_ANSWER");
  });
});

describe("cortex error bodies (vendors/cortex.md §4)", () => {
  it.each([
    ["netscan's shape with field errors", { err_msg: "The request contains invalid or missing parameters", metadata: { err_extra: [{ field: "name", message: "Field required" }] } }, "The request contains invalid or missing parameters (name: Field required)"],
    ["the classic reply shape", { reply: { err_code: 401, err_msg: "Public API request unauthorized", err_extra: null } }, "Public API request unauthorized"],
    ["the classic shape with err_extra as text", { reply: { err_code: 500, err_msg: "Error", err_extra: "details" } }, "Error (details)"],
    ["the data-wrapped shape", { data: { err_msg: "Nope", metadata: { err_extra: [] } } }, "Nope"],
    ["the errorCode shape", { errorCode: "E1", message: "Bad", details: "more" }, "Bad (more)"],
    ["FastAPI's detail list", { detail: [{ loc: ["body", "name"], msg: "field required", type: "missing" }] }, "body.name: field required"],
  ])("reads %s", (_, body, expected) => {
    expect(vendorMessage(JSON.stringify(body))).toBe(expected);
  });

  it("keeps a body that is not JSON as text", () => {
    expect(vendorMessage("<html>Bad Gateway</html>")).toBe("<html>Bad Gateway</html>");
  });
});
