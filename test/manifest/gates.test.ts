import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadDesired, type LoadResult } from "../../src/manifest/index.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "scanform-gates-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const TODAY = new Date("2026-12-02T08:00:00Z");

async function load(text: string): Promise<LoadResult> {
  await writeFile(join(dir, "qualys.yaml"), text);
  return loadDesired([], { cwd: dir, now: () => TODAY });
}

const findings = (r: LoadResult): string[] => (r.ok ? r.warnings : r.diagnostics).map((d) => `${d.source?.line}:${d.source?.column} ${d.severity} ${d.code}: ${d.message}`);

const APP = `qualys:
  profiles:
    std: { name: Initial WAS Options }
  webApps:
    shop: { name: Shop, url: "https://shop.example.com/", defaultProfile: std }
`;
const scan = (failOn: string): string => `${APP}  scans:
    ci:
      type: VULNERABILITY
      webApps: [shop]
      launch: always
      wait: { timeout: 1h, failOn: ${failOn} }
`;

describe("failOn gates in the manifest", () => {
  it("takes per-severity limits and QIDs, single or as ranges", async () => {
    const r = await load(scan(`{ limits: { 3: 10, 2: 50 }, qids: [150001, "150100-150199"] }`));
    expect(findings(r)).toEqual([]);
    const ci = r.ok ? r.desired.resources.find((x) => x.address === "qualys.scan.ci") : undefined;
    expect(ci?.wait?.failOn).toEqual({ count: 1, limits: { "3": 10, "2": 50 }, rules: [{ from: 150001, to: 150001 }, { from: 150100, to: 150199 }] });
  });

  it("refuses a failOn that names no gate", async () => {
    expect(findings(await load(scan(`{ count: 2 }`)))).toEqual(['11:28 error MANIFEST_MISSING_KEY: failOn names no gate: give it "severity", "limits" or "qids"']);
  });

  it("refuses a QID range that ends before it starts", async () => {
    expect(findings(await load(scan(`{ qids: ["150199-150100"] }`)))).toEqual(["11:45 error MANIFEST_BAD_FORMAT: the QID range 150199-150100 ends before it starts; swap its ends"]);
  });

  it("refuses a QID that is neither a number nor a range", async () => {
    const r = await load(scan(`{ qids: [sqli] }`));
    expect(findings(r)).toEqual(['11:45 error MANIFEST_BAD_FORMAT: "sqli" is not a valid value for item 1 of "qids"']);
  });
});

describe("accepted risks (qualys.accept)", () => {
  const accept = (expires: string, extra = ""): string => `${APP}  accept:
    - { qid: 150003, webApp: shop, reason: "WAF rule 9 blocks it, SEC-42", expires: ${expires}${extra} }
`;

  it("are read with the web app's vendor-side name", async () => {
    const r = await load(accept("2027-06-30", `, url: "https://shop.example.com/search"`));
    expect(findings(r)).toEqual([]);
    expect(r.ok && r.desired.acceptances).toEqual([
      {
        vendor: "qualys",
        rule: "150003",
        resource: "qualys.webApp.shop",
        target: "Shop",
        url: "https://shop.example.com/search",
        reason: "WAF rule 9 blocks it, SEC-42",
        expires: "2027-06-30",
        source: expect.objectContaining({ line: 7, column: 7 }),
      },
    ]);
  });

  it("warn 14 days before they expire", async () => {
    expect(findings(await load(accept("2026-12-16")))).toEqual(["7:7 warning MANIFEST_ACCEPTANCE_EXPIRING: the acceptance of QID 150003 on qualys.webApp.shop expires on 2026-12-16, in 14 days"]);
    expect(findings(await load(accept("2026-12-17")))).toEqual([]);
  });

  it("warn once expired that their findings count again", async () => {
    expect(findings(await load(accept("2026-12-01")))).toEqual([
      "7:7 warning MANIFEST_ACCEPTANCE_EXPIRED: the acceptance of QID 150003 on qualys.webApp.shop expired on 2026-12-01: its findings count towards the gates again",
    ]);
  });

  it("must name a declared web app", async () => {
    const r = await load(`${APP}  accept:\n    - { qid: 150003, webApp: shopp, reason: r, expires: 2027-01-01 }\n`);
    expect(findings(r)[0]).toContain("MANIFEST_UNKNOWN_REFERENCE: qualys.accept[0] refers to qualys.webApp \"shopp\", which is not declared");
  });

  it("must give a reason and an expiry", async () => {
    const r = await load(`${APP}  accept:\n    - { qid: 150003, webApp: shop }\n`);
    expect(findings(r).map((f) => f.split(": ")[0])).toEqual(["7:7 error MANIFEST_MISSING_KEY", "7:7 error MANIFEST_MISSING_KEY"]);
  });
});
