import { describe, expect, it } from "vitest";
import { httpLimitsFromEnv, quoteVendorText } from "../../src/http/limits.js";

describe("HTTP limits from the environment", () => {
  it("reads each variable in its unit", () => {
    expect(
      httpLimitsFromEnv({ SCANFORM_HTTP_MAX_BODY_BYTES: "1024", SCANFORM_HTTP_DEADLINE_SECONDS: "2.5", SCANFORM_HTTP_MAX_WAIT_SECONDS: "1", SCANFORM_HTTP_MAX_PAGES: "3" }),
    ).toEqual({ maxBodyBytes: 1024, deadlineMs: 2500, maxVendorWaitMs: 1000, maxPages: 3 });
  });

  it("sets nothing when no variable is set", () => {
    expect(httpLimitsFromEnv({ SCANFORM_HTTP_MAX_PAGES: "" })).toEqual({});
  });

  it.each([["SCANFORM_HTTP_MAX_PAGES", "1.5"], ["SCANFORM_HTTP_DEADLINE_SECONDS", "0"], ["SCANFORM_HTTP_MAX_BODY_BYTES", "lots"]])("refuses %s=%s, naming the variable", (name, value) => {
    expect(() => httpLimitsFromEnv({ [name]: value })).toThrow(expect.objectContaining({ code: "HTTP_INVALID_LIMIT", message: expect.stringContaining(name) }));
  });
});

describe("vendor text quoted in an error", () => {
  it("is kept whole when short", () => {
    expect(quoteVendorText("bad name")).toBe("bad name");
  });

  // A CI runner reads a line starting with :: as a workflow command; a terminal obeys escapes.
  it("never breaks a line or steers a terminal: line breaks and control characters are escaped", () => {
    expect(quoteVendorText("refused\n::stop-commands::x\r::add-mask::destroy\u001b[8m\u2028\u0085\u007f\tend")).toBe(
      "refused\\n::stop-commands::x\\r::add-mask::destroy\\u001b[8m\\u2028\\u0085\\u007f\tend",
    );
  });

  it("is cut to a few hundred characters, saying how much was left out", () => {
    expect(quoteVendorText("x".repeat(5_000_000))).toBe(`${"x".repeat(300)}… (4999700 more characters)`);
  });
});
