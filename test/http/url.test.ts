import { describe, expect, it } from "vitest";
import { checkBaseUrl, isLoopbackHost, pathSegment, requestTarget } from "../../src/http/url.js";

describe("base URL checks", () => {
  it.each(["localhost", "127.0.0.1", "127.255.0.9", "[::1]", "::1"])("%s is loopback", (host) => expect(isLoopbackHost(host)).toBe(true));
  it.each(["128.0.0.1", "127.0.0.256", "127.0.0.1.example.com", "10.0.0.1", "localhost.example.com"])("%s is not loopback", (host) =>
    expect(isLoopbackHost(host)).toBe(false),
  );

  it("refuses a URL with credentials without echoing them", () => {
    let message = "";
    try {
      checkBaseUrl("acme", "https://alice:hunter2@api.example.com");
    } catch (e) {
      message = (e as Error).message;
      expect(e).toMatchObject({ code: "HTTP_INVALID_URL" });
    }
    expect(message).not.toContain("hunter2");
    expect(message).not.toBe("");
  });

  it.each(["ftp://api.example.com", "not a url", "https://api.example.com/?x=1"])("refuses %s with HTTP_INVALID_URL", (url) => {
    expect(() => checkBaseUrl("acme", url)).toThrow(expect.objectContaining({ code: "HTTP_INVALID_URL" }));
  });

});

describe("requestTarget", () => {
  it("joins base path, path and a query with repeated keys", () => {
    const base = new URL("https://api.example.com/api");
    expect(requestTarget(base, "/scans", { expand: "iteration", id: ["1", "2"], q: "a b&c" })).toBe("/api/scans?expand=iteration&id=1&id=2&q=a+b%26c");
  });

  it("never doubles the slash after a base path that ends in one", () => {
    expect(requestTarget(new URL("https://api.example.com/api/"), "/scans")).toBe("/api/scans");
  });

  it("has no query string without parameters", () => {
    expect(requestTarget(new URL("https://api.example.com"), "/x")).toBe("/x");
  });
});

describe("pathSegment: a vendor's id as one segment of a request path", () => {
  it("escapes what would end the segment or start a query", () => {
    expect(pathSegment("a/b?c#d %2e")).toBe("a%2Fb%3Fc%23d%20%252e");
  });

  // A server or proxy that tidies the path reads /scans/1/seeds/.. as /scans/1: a DELETE of one
  // seed would delete the scan. No escape helps, as URL parsers also read %2e%2e as "..".
  it.each(["", ".", ".."])("refuses %j, which names no object of its own, with VENDOR_ID_INVALID", (id) => {
    expect(() => pathSegment(id)).toThrow(expect.objectContaining({ code: "VENDOR_ID_INVALID" }));
  });

  it("takes ids that only hold dots among other characters", () => {
    expect(pathSegment("...")).toBe("...");
    expect(pathSegment("v1.2")).toBe("v1.2");
  });
});
