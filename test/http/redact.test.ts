import { describe, expect, it } from "vitest";
import { authHeaderValues, createRedactor, quoteMasked } from "../../src/http/redact.js";

describe("redaction", () => {
  it("masks a secret, its URL encoding and its base64", () => {
    const redact = createRedactor(["p@ss word"]);
    const b64 = Buffer.from("p@ss word").toString("base64");
    expect(redact(`x p@ss word y ${encodeURIComponent("p@ss word")} z ${b64}`)).toBe("x *** y *** z ***");
  });

  it("masks its base64 without padding, and its base64url, as a vendor may echo them", () => {
    const secret = "canary-hexiosec-key-5b1f0e9c";
    const redact = createRedactor([secret]);
    const unpadded = Buffer.from(secret).toString("base64").replace(/=+$/, "");
    const url = Buffer.from(`${secret}?>`).toString("base64url");
    expect(redact(`bad ${unpadded} here`)).toBe("bad *** here");
    expect(createRedactor([`${secret}?>`])(`bad ${url}`)).toBe("bad ***");
  });

  it.each([
    ["HTML numeric entities", (v: string) => [...v].map((c) => `&#${c.charCodeAt(0)};`).join("")],
    ["hexadecimal entities", (v: string) => [...v].map((c) => `&#x${c.charCodeAt(0).toString(16)};`).join("")],
    ["JSON escapes left in the text", (v: string) => [...v].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`).join("")],
  ])("quotes vendor text with a secret hidden in %s masked, whatever escaping the driver did not undo", (_, encode) => {
    const secret = "canary-cortex-key-77f2";
    expect(quoteMasked(createRedactor([secret]), `bad ${encode(secret)} key`)).toBe("bad *** key");
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

  it("quotes vendor text masked first and cut second, so a secret across the cut leaves no prefix", () => {
    const secret = "s3cret&pass<word>";
    const text = `${".".repeat(280)}password=${secret} and more`;
    const quoted = quoteMasked(createRedactor([secret]), text, 300);
    for (let k = 4; k <= secret.length; k++) expect(quoted).not.toContain(secret.slice(0, k));
    expect(quoted).toMatch(/^\.{280}password=\*\*\*/);
    expect(quoted).toMatch(/… \(\d+ more characters\)$/);
  });

  it("quotes short vendor text whole, masked", () => {
    expect(quoteMasked(createRedactor(["KEY-abcdefgh"]), "bad key KEY-abcdefgh")).toBe("bad key ***");
  });
});
