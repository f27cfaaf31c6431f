import { describe, expect, it } from "vitest";
import { checkInScope, parseScopeEntry, type ScopeMatcher } from "../../src/manifest/scope-match.js";
import { normaliseTarget } from "../../src/manifest/targets.js";

const scope = (...entries: string[]): ScopeMatcher[] =>
  entries.map((e) => {
    const parsed = parseScopeEntry(e);
    if (!parsed.ok) throw new Error(parsed.message);
    return parsed.matcher;
  });

const check = (value: string, entries: ScopeMatcher[]) => {
  const target = normaliseTarget(value);
  if (!target.ok) throw new Error(target.message);
  return checkInScope(target.value, target.type, entries);
};

describe("the scope guard's set arithmetic", () => {
  const owned = scope("example.com", "*.corp.example", "10.0.0.0/24", "10.0.2.0/24", "198.51.100.10-198.51.100.20", "2001:db8::/32", "bücher.example");

  it.each([
    ["example.com", "the domain itself"],
    ["shop.example.com", "a subdomain"],
    ["a.b.example.com", "a deeper subdomain"],
    ["hr.corp.example", "a subdomain of a *. entry"],
    ["10.0.0.0/24", "the network itself"],
    ["10.0.0.128/25", "half of it"],
    ["10.0.0.7", "one address"],
    ["198.51.100.12-198.51.100.20", "a range inside a range"],
    ["2001:db8:1::/48", "an IPv6 network inside"],
    ["xn--bcher-kva.example", "an IDNA name written in ASCII"],
    ["shop.BÜCHER.example", "an IDNA name written in Unicode"],
  ])("holds %s inside (%s)", (value) => {
    expect(check(value, owned)).toEqual({ inside: true });
  });

  it.each([
    ["example.org", "another domain"],
    ["notexample.com", "a name that only ends with the same letters"],
    ["corp.example", "the apex of a *. entry"],
    ["10.0.1.0", "an address in the gap between two networks"],
    ["2001:db9::1", "an IPv6 address next door"],
    ["192.0.2.1", "an address of another network"],
  ])("refuses %s (%s)", (value) => {
    expect(check(value, owned).inside).toBe(false);
  });

  it("refuses a /23 half inside and names the half outside", () => {
    expect(check("10.0.2.0/23", owned)).toEqual({ inside: false, outsidePart: "10.0.3.0-10.0.3.255", nearest: 3 });
  });

  it("refuses a range that straddles the end of a scope range and names what is outside", () => {
    expect(check("198.51.100.15-198.51.100.25", owned)).toEqual({ inside: false, outsidePart: "198.51.100.21-198.51.100.25", nearest: 4 });
  });

  it("holds a range inside when two adjoining entries cover it together", () => {
    expect(check("10.0.0.200-10.0.1.10", scope("10.0.0.0/24", "10.0.1.0/24"))).toEqual({ inside: true });
  });

  it("names the gap between two covered stretches, not the whole range", () => {
    expect(check("10.0.0.0/22", scope("10.0.0.0/24", "10.0.2.0/23"))).toEqual({ inside: false, outsidePart: "10.0.1.0-10.0.1.255", nearest: 0 });
  });

  it("names as nearest the network closest to a value outside", () => {
    expect(check("10.0.3.1", owned)).toMatchObject({ inside: false, nearest: 3 });
  });

  it("names as nearest the domain sharing the most labels", () => {
    expect(check("shop.example.net", scope("example.org", "example.net.uk", "mail.example.net"))).toMatchObject({ inside: false, nearest: 2 });
  });

  it("never matches an IPv4 value against IPv6 entries", () => {
    expect(check("10.0.0.1", scope("::/0"))).toEqual({ inside: false });
  });

  it("refuses an entry that is not a domain, address, CIDR or range", () => {
    expect(parseScopeEntry("10.0.0.0/33")).toMatchObject({ ok: false });
  });
});
