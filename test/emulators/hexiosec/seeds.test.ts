import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "./harness.js";

let h: Harness;
let scan: string;
beforeEach(async () => {
  await h?.close();
  h = await startHarness();
  scan = await h.createScan();
});
afterAll(() => h.close());

const add = (body: unknown, at = scan) => h.call("POST", `/v1/scans/${at}/seeds`, { body });

describe("hexiosec emulator: seeds", () => {
  it("adds a seed from the sheet's literal example (§4) and answers with the node", async () => {
    const res = await h.call("POST", `/v1/scans/${scan}/seeds`, { body: '{ "name": "example.com", "type": "domain", "tags": ["yaml-managed"] }' });
    expect(res.status).toBe(201);
    expect(res.json).toEqual({ id: expect.any(String), name: "example.com", type: "domain", tags: ["yaml-managed"] });
  });

  it("lists seeds as a bare array without tags unless expand=tags", async () => {
    await add({ name: "example.com", type: "domain", tags: ["scanform"] });
    const plain = await h.call("GET", `/v1/scans/${scan}/seeds`);
    expect(plain.json).toEqual([{ id: expect.any(String), name: "example.com", type: "domain" }]);
    const tagged = await h.call("GET", `/v1/scans/${scan}/seeds?expand=tags`);
    expect(tagged.json).toEqual([{ id: expect.any(String), name: "example.com", type: "domain", tags: ["scanform"] }]);
  });

  it("gives a seed added without tags an empty tag list", async () => {
    await add({ name: "8.8.8.8", type: "ipv4" });
    expect((await h.call("GET", `/v1/scans/${scan}/seeds?expand=tags`)).json[0].tags).toEqual([]);
  });

  it.each([
    ["domain", "hexiosec.com"],
    ["domain", "xn--bcher-kva.example"],
    ["ipv4", "8.8.8.8"],
    ["ipv6", "2001:db8::1"],
    ["iprange", "1.0.0.0-1.0.0.255"],
    ["iprange", "1.0.0.0/24"],
    ["iprange", "2001:db8::/32"],
    ["iprange", "::ffff:1.2.3.4-::ffff:1.2.3.9"],
  ])("accepts a %s seed %s (sheet §4, valid seed values)", async (type, name) => {
    expect((await add({ name, type })).status).toBe(201);
  });

  it("accepts the connector's capitalised types, comparing types case-insensitively (sheet §4, case quirk)", async () => {
    const res = await add({ name: "example.org", type: "Domain" });
    expect(res.status).toBe(201);
    expect(res.json.type).toBe("Domain");
  });

  it.each([
    ["a URL", "https://www.hexiosec.com", "domain"],
    ["a trailing dot", "example.com.", "domain"],
    ["a wildcard", "*.example.com", "domain"],
    ["a single label", "localhost", "domain"],
    ["an IPv4 address typed as a domain", "8.8.8.8", "domain"],
    ["an IPv4 address out of range", "256.1.1.1", "ipv4"],
    ["an IPv6 address typed as IPv4", "2001:db8::1", "ipv4"],
    ["a bad IPv6 address", "2001:::1", "ipv6"],
    ["a range ending below its start", "1.0.0.9-1.0.0.1", "iprange"],
    ["a range mixing families", "1.0.0.1-::1", "iprange"],
    ["a prefix too long", "1.0.0.0/33", "iprange"],
    ["a plain address typed as a range", "1.0.0.1", "iprange"],
  ])("refuses %s with 400 invalid_seed", async (_what, name, type) => {
    const res = await add({ name, type });
    expect(res.status).toBe(400);
    expect(res.json).toEqual({ code: "invalid_seed", message: expect.any(String) });
  });

  it("refuses an unknown seed type with 400 invalid_seed_type", async () => {
    expect((await add({ name: "example.com", type: "hostname" })).json.code).toBe("invalid_seed_type");
  });

  it("refuses tags that are not a list of strings", async () => {
    expect((await add({ name: "example.com", type: "domain", tags: "scanform" })).json.code).toBe("invalid_tags");
  });

  it("refuses a duplicate seed with 400 {code}, judged case-insensitively (sheet §5)", async () => {
    await add({ name: "example.com", type: "domain" });
    const res = await add({ name: "EXAMPLE.com", type: "domain" });
    expect(res.status).toBe(400);
    expect(res.json.code).toBe("duplicate_seed");
  });

  it("accepts one seed per call: a list in the body is not a seed", async () => {
    expect((await add([{ name: "example.com", type: "domain" }])).status).toBe(400);
  });

  it("removes a seed by id with 204", async () => {
    const id = (await add({ name: "example.com", type: "domain" })).json.id as string;
    expect((await h.call("DELETE", `/v1/scans/${scan}/seeds/${id}`)).status).toBe(204);
    expect((await h.call("GET", `/v1/scans/${scan}/seeds`)).json).toEqual([]);
  });

  it("answers 404 for an unknown seed id", async () => {
    const res = await h.call("DELETE", `/v1/scans/${scan}/seeds/00000000-0000-4000-8000-000000000000`);
    expect(res.status).toBe(404);
    expect(res.json.code).toBe("not_found");
  });

  it("answers 404 for the seeds of an unknown scan", async () => {
    const unknown = "00000000-0000-4000-8000-000000000000";
    expect((await h.call("GET", `/v1/scans/${unknown}/seeds`)).status).toBe(404);
    expect((await add({ name: "example.com", type: "domain" }, unknown)).status).toBe(404);
    expect((await h.call("DELETE", `/v1/scans/${unknown}/seeds/x`)).status).toBe(404);
  });

  it("drops a scan's seeds with the scan", async () => {
    await add({ name: "example.com", type: "domain" });
    await h.call("DELETE", `/v1/scans/${scan}`);
    expect((await h.call("GET", `/v1/scans/${scan}/seeds`)).status).toBe(404);
  });
});

describe("hexiosec emulator: licence limits", () => {
  it("refuses seeds beyond the plan's cap with 403 seed_limit_reached", async () => {
    const limited = await startHarness({ maxSeedsPerScan: 1 });
    try {
      const id = await limited.createScan();
      await limited.call("POST", `/v1/scans/${id}/seeds`, { body: { name: "a.example", type: "domain" } });
      const res = await limited.call("POST", `/v1/scans/${id}/seeds`, { body: { name: "b.example", type: "domain" } });
      expect(res.status).toBe(403);
      expect(res.json.code).toBe("seed_limit_reached");
    } finally {
      await limited.close();
    }
  });

  it("refuses IP ranges on a plan without them with 403 tier_restricted", async () => {
    const limited = await startHarness({ ipRanges: false });
    try {
      const id = await limited.createScan();
      const res = await limited.call("POST", `/v1/scans/${id}/seeds`, { body: { name: "1.0.0.0/24", type: "iprange" } });
      expect(res.status).toBe(403);
      expect(res.json.code).toBe("tier_restricted");
    } finally {
      await limited.close();
    }
  });
});
