import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadDesired, type LoadResult } from "../../src/manifest/index.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "scanform-scope-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const TODAY = new Date("2026-12-02T12:00:00Z");

async function load(files: Record<string, string>): Promise<LoadResult> {
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  return loadDesired([], { cwd: dir, now: () => TODAY });
}

const findings = (result: LoadResult): string[] =>
  (result.ok ? result.warnings : result.diagnostics).map((d) => `${d.source?.file}:${d.source?.line}:${d.source?.column} ${d.code}: ${d.message}`);

/** A continuous_own scan `perimeter` whose seeds are the lines given; they start on line 7. */
const perimeter = (seedLines: string): string => `hexiosec:\n  scans:\n    perimeter:\n      group: Security\n      type: continuous_own\n      seeds:\n${seedLines}`;

const SCOPE = `scope:
  owned: [example.com, 203.0.113.0/24, 10.0.0.0/16]
  thirdParties: [partner.example.org]
`;

describe("the scope guard", () => {
  it("fails a seed one address outside the owned scope at its line, naming the nearest entry", async () => {
    const result = await load({
      "scope.yaml": SCOPE,
      "scans.yaml": perimeter(`        - example.com
        - 203.0.114.0
`),
    });
    expect(result.ok).toBe(false);
    expect(findings(result)).toEqual([
      'scans.yaml:8:11 MANIFEST_OUT_OF_SCOPE: "203.0.114.0" (hexiosec.scan.perimeter seeds) is outside scope.owned; nearest entry: "203.0.113.0/24" at scope.yaml:2:24',
    ]);
  });

  it("holds continuous_vendor seeds to thirdParties, not to owned", async () => {
    const result = await load({
      "scope.yaml": SCOPE,
      "scans.yaml": `hexiosec:
  scans:
    supplier:
      group: Security
      type: continuous_vendor
      seeds: [portal.partner.example.org, example.com]
`,
    });
    expect(findings(result)).toEqual([
      'scans.yaml:6:43 MANIFEST_OUT_OF_SCOPE: "example.com" (hexiosec.scan.supplier seeds) is outside scope.thirdParties; nearest entry: "partner.example.org" at scope.yaml:3:18',
    ]);
  });

  it("refuses a Cortex target and an excluded target that straddle the owned network", async () => {
    const result = await load({
      "scope.yaml": SCOPE,
      "scans.yaml": `cortex:
  scans:
    dc:
      template: 1
      scanners: [s1]
      network: 1
      portList: 1
      targets: [10.0.255.0-10.1.0.10]
      excludedTargets: [10.2.0.0/24]
      schedule: { cadence: DAILY, at: "02:00", start: 2026-12-01 }
`,
    });
    expect(findings(result)).toEqual([
      'scans.yaml:8:17 MANIFEST_OUT_OF_SCOPE: "10.0.255.0-10.1.0.10" (cortex.scan.dc targets) has 10.1.0.0-10.1.0.10 outside scope.owned; nearest entry: "10.0.0.0/16" at scope.yaml:2:40',
      'scans.yaml:9:25 MANIFEST_OUT_OF_SCOPE: "10.2.0.0/24" (cortex.scan.dc excludedTargets) is outside scope.owned; nearest entry: "10.0.0.0/16" at scope.yaml:2:40',
    ]);
  });

  it("refuses a Qualys web app whose URL host is outside the owned scope", async () => {
    const result = await load({
      "scope.yaml": SCOPE,
      "apps.yaml": `qualys:
  webApps:
    shop: { url: "https://shop.example.co/" }
`,
    });
    expect(findings(result)).toEqual([
      'apps.yaml:3:18 MANIFEST_OUT_OF_SCOPE: "https://shop.example.co/" (qualys.webApp.shop url) is outside scope.owned; nearest entry: "example.com" at scope.yaml:2:11',
    ]);
  });

  it("lets a value outside the scope through with an exception that has not expired", async () => {
    const result = await load({
      "scope.yaml": SCOPE,
      "scans.yaml": perimeter(`        - example.com
        - value: 198.51.100.7
          outOfScope: { reason: "partner test host, SEC-123", expires: 2026-12-02 }
qualys:
  webApps:
    shop:
      url: https://shop.example.co/
      outOfScope: { reason: "typosquat we bought, SEC-9", expires: 2027-06-30 }
`),
    });
    expect(findings(result)).toEqual([]);
    expect(result.ok && result.desired.resources.find((r) => r.address === "hexiosec.scan.perimeter")?.spec.seeds).toEqual(["198.51.100.7", "example.com"]);
  });

  it("fails an expired exception at the exception", async () => {
    const result = await load({
      "scope.yaml": SCOPE,
      "scans.yaml": perimeter(`        - value: 198.51.100.7
          outOfScope: { reason: "partner test host", expires: 2026-12-01 }
`),
    });
    expect(findings(result)).toEqual([
      'scans.yaml:8:23 MANIFEST_SCOPE_EXCEPTION_EXPIRED: the out-of-scope exception for "198.51.100.7" in hexiosec.scan.perimeter expired on 2026-12-01 (reason given: "partner test host")',
    ]);
  });

  it("refuses an exception without a reason", async () => {
    const result = await load({
      "scope.yaml": SCOPE,
      "scans.yaml": perimeter(`        - value: 198.51.100.7
          outOfScope: { expires: 2027-12-01 }
`),
    });
    expect(result.ok).toBe(false);
    expect(findings(result)[0]).toContain("MANIFEST_MISSING_KEY");
  });

  it("refuses a scope entry that is not a domain, address, CIDR or range", async () => {
    const result = await load({ "scope.yaml": "scope:\n  owned: [example.com, 10.0.0.0/40]\n" });
    expect(findings(result)).toEqual([
      'scope.yaml:2:24 MANIFEST_BAD_SCOPE_ENTRY: "10.0.0.0/40": prefix length 40 is out of range for IPv4 (0-32)',
    ]);
  });

  it("warns at a scope entry that normalising widens, as it does at a seed", async () => {
    const result = await load({ "scope.yaml": "scope:\n  owned: [10.20.0.1/16]\n" });
    expect(result.ok).toBe(true);
    expect(findings(result)).toEqual([
      'scope.yaml:2:11 MANIFEST_NORMALISED: "10.20.0.1/16": host bits are set: it is read as the network "10.20.0.0/16", 65,536 addresses, not the one address 10.20.0.1',
    ]);
  });

  it("refuses a second scope block", async () => {
    const result = await load({ "a.yaml": SCOPE, "b.yaml": "scope:\n  owned: [example.net]\n" });
    expect(findings(result)).toEqual(["b.yaml:1:1 MANIFEST_DUPLICATE_BLOCK: scope is also declared at a.yaml:1:1"]);
  });

  it("records whether a scope was declared and how many values it checked", async () => {
    const seeds = `hexiosec:\n  scans:\n    p: { group: G, type: adhoc, seeds: [example.com, 203.0.113.1] }\n`;
    const without = await load({ "scans.yaml": seeds });
    expect(without.ok && without.desired.scope).toEqual({ declared: false, checked: 0 });
    const withScope = await load({ "scope.yaml": SCOPE });
    expect(withScope.ok && withScope.desired.scope).toEqual({ declared: true, checked: 2 });
  });
});
