/**
 * Vendor text in Hexiosec's answers, as it reaches errors and run status: masked after JSON decoding
 * (an echo written `\u0026` escapes the HTTP layer's masking of the raw body), then cut, and bounded.
 */
import { describe, expect, it } from "vitest";
import { createRedactor } from "../../../src/http/redact.js";
import type { HexiosecClient } from "../../../src/vendors/hexiosec/client.js";
import { answerError } from "../../../src/vendors/hexiosec/errors.js";
import { scanStatus } from "../../../src/vendors/hexiosec/runs.js";

const KEY = "hx&key<with>odd-chars-0123456789";
const htmlSafeJson = (v: unknown): string => JSON.stringify(v).replace(/[&<>]/g, (c) => `\\u00${c.charCodeAt(0).toString(16)}`);

function expectNoKey(text: string): void {
  for (let k = 4; k <= KEY.length; k++) expect(text).not.toContain(KEY.slice(0, k));
}

describe("hexiosec: vendor text quoted in errors", () => {
  it("masks a key echoed JSON-escaped where the 300-character cut would split it", () => {
    const body = htmlSafeJson({ code: "bad_request", message: `${"Rejected: ".padEnd(285, ".")}key=${KEY} end` });
    expect(body).not.toContain(KEY);
    const e = answerError({ operation: "hexiosec.createScan", address: "hexiosec.scan.a", redact: createRedactor([KEY]) }, 400, body);
    expect(e.code).toBe("VENDOR_VALIDATION");
    expectNoKey(e.message);
    expectNoKey(JSON.stringify(e.detail));
    expect(e.message).toContain("key=***");
  });
});

describe("hexiosec: run state text", () => {
  it("masks a key the state echoes, once decoded", async () => {
    const client = { redact: createRedactor([KEY]), getScan: async () => ({ id: "s1", enabled: true, iteration: { id: `it-${KEY}`, state: `failed: bad key ${KEY}`, started_at: "2025-01-01T00:00:00Z", finished_at: null } }) } as unknown as HexiosecClient;
    const status = await scanStatus(client, { address: "hexiosec.scan.a", ids: { id: "s1" } });
    expectNoKey(status.vendorState);
    expectNoKey(status.detail!);
  });


  it("bounds an iteration's state and id of 200 KB each", async () => {
    const long = "x".repeat(200_000);
    const client = { redact: createRedactor([KEY]), getScan: async () => ({ id: "s1", enabled: true, iteration: { id: long, state: long, started_at: "2025-01-01T00:00:00Z", finished_at: null } }) } as unknown as HexiosecClient;
    const status = await scanStatus(client, { address: "hexiosec.scan.a", ids: { id: "s1" } });
    expect(status.phase).toBe("running");
    expect(status.vendorState.length).toBeLessThanOrEqual(160);
    expect(status.detail!.length).toBeLessThanOrEqual(400);
  });
});
