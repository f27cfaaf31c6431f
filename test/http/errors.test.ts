import { describe, expect, it } from "vitest";
import { classifyTransportError } from "../../src/http/errors.js";
import { traceFormat, traceJson } from "../../src/http/log.js";

const timeouts = { connectMs: 1, headersMs: 2, bodyMs: 3 };
const origin = new URL("https://qualysapi.example.com");
const err = (code: string, cause?: Error): Error => Object.assign(new Error(code, cause ? { cause } : undefined), { code });

describe("classifyTransportError", () => {
  it.each([
    ["UND_ERR_CONNECT_TIMEOUT", "HTTP_TIMEOUT", false, true],
    ["UND_ERR_HEADERS_TIMEOUT", "HTTP_TIMEOUT", true, true],
    ["UND_ERR_BODY_TIMEOUT", "HTTP_TIMEOUT", true, true],
    ["ECONNREFUSED", "HTTP_NETWORK", false, true],
    ["ENOTFOUND", "HTTP_NETWORK", false, true],
    ["UND_ERR_SOCKET", "HTTP_NETWORK", true, true],
    ["ECONNRESET", "HTTP_NETWORK", true, true],
    ["CERT_HAS_EXPIRED", "HTTP_TLS", false, false],
    ["DEPTH_ZERO_SELF_SIGNED_CERT", "HTTP_TLS", false, false],
    ["ERR_TLS_CERT_ALTNAME_INVALID", "HTTP_TLS", false, false],
  ])("%s -> %s (may have landed: %s, retryable: %s)", (code, expected, mayHaveLanded, retryable) => {
    expect(classifyTransportError(err(code), timeouts, origin)).toMatchObject({ code: expected, mayHaveLanded, retryable });
  });

  it("finds the code on a wrapped cause", () => {
    expect(classifyTransportError(new Error("fetch failed", { cause: err("ECONNREFUSED") }), timeouts, origin)).toMatchObject({ code: "HTTP_NETWORK", mayHaveLanded: false });
  });

  it.each([
    ["ECONNREFUSED", "https://qualysapi.example.com", "connection refused: nothing is listening there"],
    ["ENOTFOUND", "https://qualysapi.exampel.com", "the host name qualysapi.exampel.com does not resolve (ENOTFOUND)"],
    ["EHOSTUNREACH", "http://127.0.0.1:8080", "could not connect (EHOSTUNREACH)"],
  ])("%s to %s says what it means: %s", (code, url, reason) => {
    expect(classifyTransportError(err(code), timeouts, new URL(url)).reason).toBe(reason);
  });

  it("treats an unknown failure as one that may have landed", () => {
    expect(classifyTransportError(new Error("weird"), timeouts, origin)).toMatchObject({ code: "HTTP_NETWORK", mayHaveLanded: true });
  });
});

describe("traceFormat: --debug and SCANFORM_LOG", () => {
  it.each([
    [{}, false, undefined],
    [{}, true, "text"],
    [{ SCANFORM_LOG: "" }, false, undefined],
    [{ SCANFORM_LOG: "debug" }, false, "text"],
    [{ SCANFORM_LOG: "DEBUG" }, false, "text"],
    [{ SCANFORM_LOG: "json" }, false, "json"],
    [{ SCANFORM_LOG: "JSON" }, true, "json"],
  ])("env %j, --debug %s -> %s", (env, flag, format) => expect(traceFormat(env, flag)).toBe(format));

  it("refuses a value it does not know, naming the variable and what it takes", () => {
    expect(() => traceFormat({ SCANFORM_LOG: "verbose" })).toThrow(
      'SCANFORM_LOG is "verbose": expected debug (the trace as text) or json (the trace as JSON lines), in any case (unset it for no trace).',
    );
  });

  it("writes a trace event as one JSON line, each string masked before it is escaped", () => {
    const line = traceJson(
      { event: "attempt", vendor: "qualys", operation: "searchWebApps", method: "POST", target: '/qps?k=se"cret', attempt: 2, ms: 12.6, result: 200 },
      (t) => t.replaceAll('se"cret', "****"),
    );
    expect(line).toBe('{"type":"http.attempt","vendor":"qualys","operation":"searchWebApps","method":"POST","target":"/qps?k=****","attempt":2,"ms":13,"result":200}');
  });
});
