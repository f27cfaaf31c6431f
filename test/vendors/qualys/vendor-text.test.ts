/**
 * Vendor text Qualys writes XML-escaped reaches scanform's messages only after it is decoded: the HTTP
 * layer's masking of the raw body cannot see a password echoed as `&amp;`. Every such text is masked
 * after decoding and then cut, and never quoted whole.
 */
import { describe, expect, it } from "vitest";
import type { HttpClient } from "../../../src/http/types.js";
import type { StepContext, VendorSession } from "../../../src/vendors/driver.js";
import { createQualysDriver } from "../../../src/vendors/qualys/driver.js";
import { failure } from "./helpers.js";

const PASSWORD = "s3cret&pass<word>";
const ESCAPED = PASSWORD.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

const refusal = (code: string, message: string): string =>
  `<?xml version="1.0"?><ServiceResponse><responseCode>${code}</responseCode><responseErrorDetails><errorMessage>${message}</errorMessage></responseErrorDetails></ServiceResponse>`;

/** A session whose every call is answered 200 with `body`. */
function sessionAnswering(body: string): VendorSession {
  const http: HttpClient = { request: async () => ({ status: 200, headers: {}, body }) };
  const driver = createQualysDriver({ sleep: async () => undefined, capRetry: { waitMs: 0, giveUpAfterMs: 0 } });
  return driver.connect({ url: "https://qualysapi.example.com", username: "probe-user", password: PASSWORD }, { makeHttp: () => http, now: () => new Date() });
}

/** The password, and every prefix of it of four characters or more, is absent from `text`. */
function expectNoPassword(text: string): void {
  for (let k = 4; k <= PASSWORD.length; k++) expect(text).not.toContain(PASSWORD.slice(0, k));
}

const step: StepContext = { signal: new AbortController().signal, idsOf: () => ({ id: "123" }), checkpoint: async () => undefined } as unknown as StepContext;

describe("qualys: vendor text quoted in errors", () => {
  it("masks a password echoed XML-escaped where the 300-character cut would split it", async () => {
    const lead = "Request rejected: ".padEnd(280, ".");
    const e = await failure(sessionAnswering(refusal("INVALID_REQUEST", `${lead}password=${ESCAPED} and more`)).checkCredentials!(new AbortController().signal));
    expect(e.code).toBe("VENDOR_VALIDATION");
    expectNoPassword(e.message);
    expectNoPassword(JSON.stringify(e.detail));
    expect(e.message).toContain("password=***");
    expect(String(e.detail?.["errorMessage"])).toContain("password=***");
  });

  it("masks and cuts the running-scan cap's message when it gives up", async () => {
    const message = `You have reached the maximum number of concurrent running scans (10) for your account. Request was user=probe-user password=${ESCAPED} ${"x".repeat(200_000)}`;
    const session = sessionAnswering(refusal("INVALID_REQUEST", message));
    const e = await failure(
      session.launch!({ address: "qualys.scan.ci", kind: "scan", spec: { name: "ci", type: "VULNERABILITY", webApps: ["qualys.webApp.shop"], profile: null }, runKey: "k1", ids: {} } as never, step),
    );
    expect(e.code).toBe("VENDOR_THROTTLED");
    expectNoPassword(e.message);
    expectNoPassword(JSON.stringify(e.detail));
    expect(e.message).toContain("maximum number of concurrent running scans (10)");
    expect(e.message.length).toBeLessThan(600);
  });
});
