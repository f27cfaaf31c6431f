import { describe, expect, it } from "vitest";
import { normaliseTarget } from "../../src/manifest/targets.js";

describe("normaliseTarget accepts and normalises", () => {
  it.each([
    ["Example.COM", "example.com", "domain"],
    ["example.com.", "example.com", "domain"],
    ["*.example.com", "example.com", "domain"],
    ["https://WWW.Example.com:8443/login?x=1", "www.example.com", "domain"],
    ["example.com:8443", "example.com", "domain"],
    ["example.com/login", "example.com", "domain"],
    ["  shop.example.com  ", "shop.example.com", "domain"],
    ["bücher.example", "xn--bcher-kva.example", "domain"],
    ["my-site.co.uk", "my-site.co.uk", "domain"],
    ["203.0.113.10", "203.0.113.10", "ipv4"],
    ["203.0.113.10:443", "203.0.113.10", "ipv4"],
    ["2001:DB8:0:0:0:0:0:1", "2001:db8::1", "ipv6"],
    ["2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1", "ipv6"],
    ["2001:0db8:0000:0001:0001:0001:0001:0001", "2001:db8:0:1:1:1:1:1", "ipv6"],
    ["::", "::", "ipv6"],
    ["::ffff:192.0.2.1", "::ffff:c000:201", "ipv6"],
    ["[2001:db8::1]:443", "2001:db8::1", "ipv6"],
    ["http://[2001:db8::1]/", "2001:db8::1", "ipv6"],
    ["10.0.0.7/24", "10.0.0.0/24", "cidr"],
    ["0.0.0.0/0", "0.0.0.0/0", "cidr"],
    ["203.0.113.5/32", "203.0.113.5/32", "cidr"],
    ["2001:db8::7/64", "2001:db8::/64", "cidr"],
    ["198.51.100.10-198.51.100.20", "198.51.100.10-198.51.100.20", "range"],
    ["198.51.100.10-198.51.100.10", "198.51.100.10-198.51.100.10", "range"],
    ["2001:db8::1-2001:db8::ff", "2001:db8::1-2001:db8::ff", "range"],
  ])("%s → %s (%s)", (input, value, type) => {
    expect(normaliseTarget(input)).toMatchObject({ ok: true, value, type });
  });
});

describe("normaliseTarget says when normalising changed the meaning", () => {
  it.each([
    ["10.20.0.1/16", 'host bits are set: it is read as the network "10.20.0.0/16", 65,536 addresses, not the one address 10.20.0.1'],
    ["2001:db8::7/64", 'host bits are set: it is read as the network "2001:db8::/64", 2^64 addresses, not the one address 2001:db8::7'],
    ["https://Example.NET:8443/login", 'the port 8443 and the path "/login" are dropped: the whole host "example.net" is scanned'],
    ["https://shop.example.com/?q=1", 'the query "?q=1" is dropped: the whole host "shop.example.com" is scanned'],
    ["example.com:8443", 'the port 8443 is dropped: the whole host "example.com" is scanned'],
    ["example.com/login", 'the path "/login" is dropped: the whole host "example.com" is scanned'],
    ["[2001:db8::1]:443", 'the port 443 is dropped: the whole host "2001:db8::1" is scanned'],
  ])("%s", (input, changed) => {
    expect(normaliseTarget(input)).toMatchObject({ ok: true, changed });
  });

  it.each(["Example.COM.", "*.example.com", "https://shop.example.com/", "10.20.0.0/16", "203.0.113.5/32", "bücher.example", "2001:DB8::1"])("not for a mere spelling: %s", (input) => {
    expect(normaliseTarget(input)).not.toHaveProperty("changed");
  });
});

describe("normaliseTarget refuses and says why", () => {
  it.each([
    ["", "the value is empty"],
    ["10.0.0.0/33", "prefix length 33 is out of range for IPv4 (0-32)"],
    ["2001:db8::/129", "prefix length 129 is out of range for IPv6 (0-128)"],
    ["10.0.0.0/x", 'prefix length "x" is not a number'],
    ["10.0.0.256", "256 is above 255"],
    ["10.0.0", "an IPv4 address has 4 dot-separated numbers, this has 3"],
    ["010.0.0.1", "leading zero"],
    ["2001:db8:::1", "is not a valid IPv6 address"],
    ["2001:db8::1::2", "is not a valid IPv6 address"],
    ["fe80::1%eth0", "is not a valid IPv6 address"],
    ["10.0.0.20-10.0.0.10", "range start 10.0.0.20 is above its end 10.0.0.10"],
    ["10.0.0.1-2001:db8::1", "range mixes IPv4 (10.0.0.1) and IPv6 (2001:db8::1)"],
    ["10.0.0.1-10.0.0.300", 'range end "10.0.0.300" is not a valid IPv4 address'],
    ["localhost", "is not a fully qualified domain name"],
    ["exa mple.com", "is not a valid domain name"],
    ["a..example.com", "empty label"],
    ["-bad.example.com", 'the label "-bad" may hold only'],
    ["under_score.example.com", 'the label "under_score" may hold only'],
    [`${"a".repeat(64)}.example.com`, "longer than 63 characters"],
    ["http://", "cannot be parsed"],
  ])("%j: %s", (input, message) => {
    const result = normaliseTarget(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toContain(message);
  });
});

describe("normaliseTarget of a domain already in normal form", () => {
  /** A small seeded generator (mulberry32), so a failure names a value that comes back. */
  function random(seed: number): () => number {
    let a = seed;
    return () => {
      a = (a + 0x6d2b79f5) | 0;
      let t = Math.imul(a ^ (a >>> 15), 1 | a);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }
  const next = random(14);
  const pick = (chars: string): string => chars[Math.floor(next() * chars.length)]!;
  const label = (): string => {
    const start = next() < 0.1 ? "xn--" : next() < 0.1 ? "-" : "";
    const length = next() < 0.05 ? 60 + Math.floor(next() * 8) : 1 + Math.floor(next() * 12);
    return start + Array.from({ length }, () => pick("abcdefghijklmnopqrstuvwxyz0123456789--")).join("");
  };
  const names = [
    ...Array.from({ length: 4000 }, () => Array.from({ length: 2 + Math.floor(next() * 4) }, label).join(".")),
    "shop.example.com",
    "a--b.example.com",
    "example.123",
    "example.0x1f",
    "ab.xn--p1ai",
    `${"a".repeat(63)}.${"b".repeat(63)}.${"c".repeat(63)}.${"d".repeat(61)}`,
    `${"a".repeat(63)}.${"b".repeat(63)}.${"c".repeat(63)}.${"d".repeat(62)}`,
  ];

  it("is what the general path gives the same name written in capitals", () => {
    let accepted = 0;
    for (const name of names) {
      const lower = normaliseTarget(name);
      const upper = normaliseTarget(name.toUpperCase());
      expect(lower.ok, name).toBe(upper.ok);
      if (lower.ok && upper.ok) {
        accepted++;
        expect(lower, name).toEqual(upper);
      }
    }
    // The generator must reach both sides, or the test holds nothing.
    expect(accepted).toBeGreaterThan(1000);
    expect(accepted).toBeLessThan(names.length - 500);
  });
});
