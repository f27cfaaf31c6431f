import { describe, expect, it } from "vitest";
import type { ScanGroupWire, ScanWire, SeedWire } from "../../../src/vendors/hexiosec/api.js";
import type { HexiosecClient } from "../../../src/vendors/hexiosec/client.js";
import { inventoryScans } from "../../../src/vendors/hexiosec/inventory.js";

const SECURITY_A = "11111111-1111-4111-8111-111111111111";
const SECURITY_B = "22222222-2222-4222-8222-222222222222";
const scan = (id: string, group: string): ScanWire => ({ id, name: `Scan ${id}`, type: "continuous_own", scan_group_id: group, enabled: true, dns_namelist: false, ignore_ip_nodes: false });

function client(groups: readonly ScanGroupWire[], scans: readonly ScanWire[]): HexiosecClient {
  const seed: SeedWire = { id: "s", name: "host.example.com", type: "domain", tags: [] };
  return { listGroups: async () => [...groups], listScans: async () => [...scans], listSeeds: async () => [seed] } as unknown as HexiosecClient;
}

describe("hexiosec import: a scan's group", () => {
  it("is written by name when that name is the group's alone", async () => {
    const [item] = await inventoryScans(client([{ id: SECURITY_A, name: "Security" }, { id: SECURITY_B, name: "Ops" }], [scan("1", SECURITY_B)]));
    expect(item?.spec["group"]).toBe("Ops");
  });

  it("is written as its UUID when another group has the same name, so the plan can tell which", async () => {
    const [item] = await inventoryScans(client([{ id: SECURITY_A, name: "Security" }, { id: SECURITY_B, name: "Security" }], [scan("1", SECURITY_B)]));
    expect(item?.spec["group"]).toBe(SECURITY_B);
  });
});
