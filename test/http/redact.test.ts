import { describe, expect, it } from "vitest";
import { authHeaderValues, createRedactor, isAuthHeader } from "../../src/http/redact.js";

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

  it("collects auth header values and Basic/Bearer tokens to mask, but not short ids", () => {
    expect(authHeaderValues({ authorization: "Basic dXNlcjpwYXNz", "x-xdr-auth-id": "17", accept: "application/json-long-value" })).toEqual([
      "Basic dXNlcjpwYXNz",
      "dXNlcjpwYXNz",
    ]);
  });
});
