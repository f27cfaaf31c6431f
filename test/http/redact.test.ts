import { describe, expect, it } from "vitest";
import { createRedactor, isAuthHeader, redactHeaders } from "../../src/http/redact.js";

describe("redaction", () => {
  it("masks a secret, its URL encoding and its base64", () => {
    const redact = createRedactor(["p@ss word"]);
    const b64 = Buffer.from("p@ss word").toString("base64");
    expect(redact(`x p@ss word y ${encodeURIComponent("p@ss word")} z ${b64}`)).toBe("x *** y *** z ***");
  });

  it("masks a longer secret whole when it contains a shorter one", () => {
    expect(createRedactor(["abc", "abcdef"])("abcdef")).toBe("***");
  });

  it("ignores empty secrets", () => {
    expect(createRedactor([""])("text")).toBe("text");
  });

  it.each(["Authorization", "x-hexiosec-api-key", "x-xdr-auth-id", "x-xdr-nonce", "Cookie", "X-Session-Token"])("treats %s as an auth header", (name) => {
    expect(isAuthHeader(name)).toBe(true);
  });

  it.each(["content-type", "user-agent", "retry-after", "x-ratelimit-limit"])("leaves %s readable", (name) => {
    expect(isAuthHeader(name)).toBe(false);
  });

  it("masks auth headers by name and secrets in other headers by value", () => {
    const redact = createRedactor(["s3cret"]);
    expect(redactHeaders({ authorization: "Basic abc", "x-note": "has s3cret", accept: "text/xml" }, redact)).toEqual({
      authorization: "***",
      "x-note": "has ***",
      accept: "text/xml",
    });
  });
});
