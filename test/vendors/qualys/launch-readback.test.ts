import { describe, expect, it } from "vitest";
import type { JournalEntry } from "../../../src/state/model.js";
import type { Criterion } from "../../../src/vendors/qualys/api.js";
import type { QualysClient } from "../../../src/vendors/qualys/client.js";
import { launchName, readBackLaunch } from "../../../src/vendors/qualys/scans.js";

const entry = (naturalKey: string): JournalEntry => ({
  id: "j1",
  address: "qualys.scan.shop-ci",
  vendor: "qualys",
  kind: "scan",
  operation: "launch",
  naturalKey,
  specDigest: "sha256:x",
  startedAt: "2026-01-01T00:00:00Z",
});

/** A search that records its criteria and answers with scans of these names (ids 1, 2, ...). */
function searching(names: readonly string[]): { client: QualysClient; criteria: Criterion[][] } {
  const criteria: Criterion[][] = [];
  const client = {
    async searchAll(_object: string, c: readonly Criterion[]) {
      criteria.push([...c]);
      return names.map((name, i) => ({ id: String(i + 1), name }));
    },
  } as unknown as QualysClient;
  return { client, criteria };
}

describe("qualys: settling a lost launch", () => {
  const name = launchName({ name: "shop-ci" }, "k1");

  it("searches for the exact name the launch gave its scan, with EQUALS", async () => {
    const { client, criteria } = searching([name]);
    expect(await readBackLaunch(entry(name), client)).toEqual({ outcome: "landed", ids: {}, runId: "1" });
    expect(criteria).toEqual([[{ field: "name", operator: "EQUALS", value: "shop-ci (scanform k1)" }]]);
  });

  it("never takes a scan whose name merely contains the launch's name for it", async () => {
    const { client } = searching([`${name} copy`, `old ${name}x`]);
    expect(await readBackLaunch(entry(name), client)).toEqual({ outcome: "absent" });
  });

  it("finds a launch from an entry that recorded only its runKey by the name's ending", async () => {
    const { client, criteria } = searching([name, "shop-ci (scanform k10)"]);
    expect(await readBackLaunch(entry("k1"), client)).toEqual({ outcome: "landed", ids: {}, runId: "1" });
    expect(criteria).toEqual([[{ field: "name", operator: "CONTAINS", value: "(scanform k1)" }]]);
  });
});
