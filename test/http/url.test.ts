import { describe, expect, it } from "vitest";
import { checkBaseUrl, isLoopbackHost, requestTarget } from "../../src/http/url.js";

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
