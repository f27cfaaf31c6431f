import { describe, expect, it } from "vitest";
import { authHeaderValues, createRedactor } from "../../src/http/redact.js";

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

  it("masks a secret shorter than 8 characters only where it stands alone, never inside words", () => {
    expect(createRedactor(["e"])("hexiosec: key e, e-mail")).toBe("hexiosec: key ***, ***-mail");
  });

  it("collects every auth header value and Basic/Bearer token to mask, but not short ids", () => {
    expect(authHeaderValues({ authorization: "Basic dXNlcjpwYXNz", "x-xdr-auth-id": "17", "x-xdr-timestamp": "1780000000123" })).toEqual([
      "Basic dXNlcjpwYXNz",
      "dXNlcjpwYXNz",
      "1780000000123",
    ]);
  });
});
