/**
 * Vendor text in Cortex's answers, as it reaches errors and run status: masked after JSON decoding
 * (an echo written `\u0026` escapes the HTTP layer's masking of the raw body), cut after masking,
 * bounded however the vendor nests or repeats it.
 */
import { describe, expect, it } from "vitest";
import type { HttpClient, HttpResponse } from "../../../src/http/types.js";
import { createCortexClient } from "../../../src/vendors/cortex/client.js";
import { vendorMessage } from "../../../src/vendors/cortex/errors.js";
import { thrown } from "./helpers.js";

const KEY = "k3y&with<odd>chars-0123456789";
/** JSON as a Go or Java encoder writes it for HTML safety: `&`, `<`, `>` as `\u00XX`. */
const htmlSafeJson = (v: unknown): string => JSON.stringify(v).replace(/[&<>]/g, (c) => `\\u00${c.charCodeAt(0).toString(16)}`);

const answering = (answer: Partial<HttpResponse>): HttpClient => ({ request: async () => ({ status: 200, headers: {}, body: "", ...answer }) });

function expectNoKey(text: string): void {
  for (let k = 4; k <= KEY.length; k++) expect(text).not.toContain(KEY.slice(0, k));
}

describe("cortex: vendor text quoted in errors", () => {
  it("masks a key echoed JSON-escaped where the 300-character cut would split it", async () => {
    const body = htmlSafeJson({ reply: { err_code: 400, err_msg: `${"Bad request: ".padEnd(285, ".")}key=${KEY} end` } });
    expect(body).not.toContain(KEY);
    const e = await thrown(() => createCortexClient(answering({ status: 400, body }), [KEY]).runStatus("7", { address: "cortex.scan.a" }));
    expect(e.code).toBe("VENDOR_VALIDATION");
    expectNoKey(e.message);
    expectNoKey(JSON.stringify(e.detail));
    expect(e.message).toContain("key=***");
  });

  it("reports a refusal whose err_extra nests 100,000 lists deep as the vendor's refusal, not a crash", async () => {
    const depth = 100_000;
    const body = `{"err_msg":"bad request","metadata":{"err_extra":[${"[".repeat(depth)}1${"]".repeat(depth)}]}}`;
    const e = await thrown(() => createCortexClient(answering({ status: 400, body })).runStatus("42", { address: "cortex.scan.nightly" }));
    expect(e.code).toBe("VENDOR_VALIDATION");
    expect(e.message).toMatch(/^cortex: status of run 42 for cortex\.scan\.nightly failed: HTTP 400: bad request \(/);
  });

  it("reads only strings and numbers of err_extra as text, anything else as a placeholder", () => {
    const body = JSON.stringify({ err_msg: "bad", metadata: { err_extra: ["text", 42, [1, [2]], null, true, { loc: ["body", ["x"], 3], msg: "m" }] } });
    expect(vendorMessage(body)).toBe("bad (text; 42; (a list); (null); (true); body.(a list).3: m)");
  });

  it("reads at most a bounded number of err_extra items, saying how many more there were", () => {
    const body = JSON.stringify({ err_msg: "bad", metadata: { err_extra: Array.from({ length: 100_000 }, (_, i) => ({ field: `f${i}`, message: "required" })) } });
    const said = vendorMessage(body);
    expect(said).toMatch(/^bad \(f0: required; f1: required; .*; … 99,9\d\d more\)$/);
    expect(said.length).toBeLessThan(2_000);
  });
});

describe("cortex: run state text", () => {
  it("bounds a DATA string of 200 KB, as vendorState and as the unknown state's detail", async () => {
    const data = `Scan is in ${"Q".repeat(30)} state ${"x".repeat(200_000)}`;
    const status = await createCortexClient(answering({ body: JSON.stringify({ DATA: data }) })).runStatus("7");
    expect(status.phase).toBe("running");
    expect(status.vendorState.length).toBeLessThanOrEqual(160);
    expect(status.vendorState.startsWith(`Scan is in ${"Q".repeat(30)} state`)).toBe(true);
    expect(status.detail!.length).toBeLessThanOrEqual(200);
  });

  it("masks a key the status answer echoes JSON-escaped", async () => {
    const body = htmlSafeJson({ DATA: `Scan is in Running state (${KEY})` });
    const status = await createCortexClient(answering({ body }), [KEY]).runStatus("7");
    expect(status.vendorState).toBe("Scan is in Running state (***)");
  });
});
