/**
 * Qualys: what a finished scan's status and results download (§10) say to the gates, read with the
 * real decoders from answers a tenant may give, rather than the emulator's well-formed ones: a
 * finding without a severity (the sheet documents none per WasScanVuln), a list cut short, a
 * download that holds no results yet, a login that failed.
 */
import { describe, expect, it } from "vitest";
import { judgeRun, type WaitTarget } from "../../../src/apply/wait.js";
import type { FailOn } from "../../../src/manifest/model.js";
import type { RunStatus } from "../../../src/vendors/driver.js";
import { decodeEnvelope, MAX_FINDINGS_PER_SCAN } from "../../../src/vendors/qualys/api.js";
import { scanStatus } from "../../../src/vendors/qualys/scans.js";
import { parseXml } from "../../../src/vendors/qualys/xml.js";

const envelope = (count: number, data: string) =>
  decodeEnvelope(parseXml(`<ServiceResponse><responseCode>SUCCESS</responseCode><count>${count}</count><hasMoreRecords>false</hasMoreRecords>${data}</ServiceResponse>`, "ServiceResponse")!);

const statusOf = (id: string, summary = "<resultsStatus>SUCCESSFUL</resultsStatus><authStatus>NONE</authStatus>") =>
  `<data><WasScan><id>${id}</id><status>FINISHED</status><summary>${summary}</summary></WasScan></data>`;

const vuln = (qid: string, severity?: string, uri = "https://shop.example.com/search") =>
  `<WasScanVuln><qid>${qid}</qid><title>SQL Injection</title><uri>${uri}</uri><param>q</param>${severity === undefined ? "" : `<severity>${severity}</severity>`}</WasScanVuln>`;

const stats = (levels: readonly number[]) => `<stats><global>${levels.map((n, i) => `<nbVulnsLevel${i + 1}>${n}</nbVulnsLevel${i + 1}>`).join("")}</global></stats>`;

/** A results download of one web app: `vulns` with its count and list, then `stats`, as given. */
const download = (inner: string) => `<data><WasScan><id>11</id><target><webApp><id>1</id><name>shop</name></webApp></target>${inner}</WasScan></data>`;
const vulns = (items: readonly string[], count = items.length) => `<vulns><count>${count}</count><list>${items.join("")}</list></vulns>`;

/** The status of run `ids` when every scan answers `status` and its download answers `downloads[id]`. */
async function read(downloads: Readonly<Record<string, { count?: number; data: string }>>, summary?: string): Promise<RunStatus> {
  const ids = Object.keys(downloads);
  const client = {
    call: async (action: string, _kind: string, o: { id: string }) => {
      if (action === "status") return envelope(1, statusOf(o.id, summary));
      const d = downloads[o.id]!;
      return envelope(d.count ?? 1, d.data);
    },
  };
  return scanStatus(
    { address: "qualys.scan.shop-ci", runId: ids.join(",") },
    { client: client as never, now: () => new Date(0), sleep: async () => {}, capRetry: { waitMs: 1, giveUpAfterMs: 1 }, redact: ((s: string) => s) as never },
  );
}

const target = (failOn: Partial<FailOn>): WaitTarget => ({ address: "qualys.scan.shop-ci", vendor: "qualys", kind: "scan", ids: {}, runId: "11", timeoutMs: 60_000, failOn: { count: 1, ...failOn } });
const judge = (status: RunStatus, failOn: Partial<FailOn>) => judgeRun(status, target(failOn), "2026-12-04");

describe("qualys results: findings the list does not describe fully", () => {
  it.each([
    ["without a severity, as the sheet documents WasScanVuln", undefined],
    ['with the severity "Urgent"', "Urgent"],
    ["with the severity 6", "6"],
  ])("keeps a finding %s, of unknown severity, so a QID gate sees it and the severity gate goes by the counts by level", async (_, severity) => {
    const status = await read({ "11": { data: download(vulns([vuln("150003", severity)]) + stats([0, 0, 0, 0, 1])) } });
    expect(status.results).toEqual({ available: true, truncated: false, findings: [{ rule: "150003", title: "SQL Injection", target: "shop", url: "https://shop.example.com/search" }] });
    expect(judge(status, { rules: [{ from: 150003, to: 150003 }] })).toMatchObject({ verdict: "threshold", message: expect.stringContaining("QID 150003 (found 1 time") });
    expect(judge(status, { severity: 4 })).toMatchObject({ verdict: "threshold", message: expect.stringContaining("1 finding at severity 4 or higher") });
  });

  it("keeps a finding whose QID cannot be read, under the text Qualys gave, and a QID gate that finds nothing then fails unjudged", async () => {
    const status = await read({ "11": { data: download(vulns([vuln("QID-150003", "5")]) + stats([0, 0, 0, 0, 1])) } });
    expect(status.results?.available && status.results.findings.map((f) => [f.rule, f.severity])).toEqual([["QID-150003", 5]]);
    const v = judge(status, { rules: [{ from: 150003, to: 150003 }] });
    expect(v).toMatchObject({ verdict: "threshold", message: expect.stringContaining("1 finding has a QID that could not be read") });
  });
});

describe("qualys results: a list cut short", () => {
  it(`marks the list truncated past ${MAX_FINDINGS_PER_SCAN} findings, and a QID gate that finds nothing in it fails, naming the cut`, async () => {
    const low = Array.from({ length: MAX_FINDINGS_PER_SCAN }, (_, i) => vuln("150004", "1", `https://shop.example.com/static/${i}`));
    const status = await read({ "11": { data: download(vulns([...low, vuln("150001", "5")]) + stats([MAX_FINDINGS_PER_SCAN, 0, 0, 0, 1])) } });
    expect(status.results?.available && [status.results.findings.length, status.results.truncated]).toEqual([MAX_FINDINGS_PER_SCAN, true]);
    const v = judge(status, { rules: [{ from: 150001, to: 150001 }] });
    expect(v?.verdict).toBe("threshold");
    expect(v?.judgement?.gates).toEqual([{ name: "QID 150001", passed: false, message: `not found in the ${MAX_FINDINGS_PER_SCAN} findings read, but the vendor's list was cut at ${MAX_FINDINGS_PER_SCAN}, so this gate could not be judged` }]);
  });

  it("marks the list truncated when vulns.count is larger than the list it holds", async () => {
    const status = await read({ "11": { data: download(vulns([vuln("150004", "1")], 3) + stats([1, 0, 0, 0, 2])) } });
    expect(status.results).toMatchObject({ available: true, truncated: true });
    expect(judge(status, { rules: [{ from: 150003, to: 150003 }] })?.verdict).toBe("threshold");
  });

  it("marks the list truncated when the download counts vulns by level but lists none", async () => {
    const status = await read({ "11": { data: download(stats([0, 0, 0, 0, 1])) } });
    expect(status.results).toMatchObject({ available: true, truncated: true });
    expect(status.findings).toEqual({ "1": 0, "2": 0, "3": 0, "4": 0, "5": 1 });
  });

  it("fails the severity gate unjudged when vulns.count 3 comes with neither a list nor counts by level", async () => {
    const status = await read({ "11": { data: download("<vulns><count>3</count></vulns>") } });
    expect(status.results).toMatchObject({ available: true, truncated: true });
    expect(judge(status, { severity: 4 })).toMatchObject({ verdict: "threshold", message: expect.stringContaining("could not be judged") });
  });
});

describe("qualys results: a download without results", () => {
  it.each([
    ["answers SUCCESS with no data", { count: 0, data: "" }],
    ["holds a WasScan with neither vulns nor stats", { data: download("") }],
  ])("has no results when it %s, so wait keeps polling rather than judging 0 findings", async (_, answer) => {
    const status = await read({ "11": answer });
    expect(status).toMatchObject({ phase: "succeeded", terminal: true, results: { available: false, why: expect.stringContaining("scan 11") } });
    expect(status.findings).toBeUndefined();
    expect(judge(status, { severity: 4 })).toBeUndefined();
  });

  it("has no results for a multi scan while one of its scans' downloads holds none, not the sum of the others", async () => {
    const status = await read({ "11": { data: download(vulns([]) + stats([0, 0, 0, 0, 0])) }, "12": { data: download("") } });
    expect(status.results).toMatchObject({ available: false, why: expect.stringContaining("scan 12") });
    expect(status.findings).toBeUndefined();
  });
});

describe("qualys results: the scan's login (summary.authStatus)", () => {
  it("fails a scan whose login FAILED, saying so, though its results are SUCCESSFUL", async () => {
    const status = await read({ "11": { data: download(vulns([]) + stats([0, 0, 0, 0, 0])) } }, "<resultsStatus>SUCCESSFUL</resultsStatus><authStatus>FAILED</authStatus>");
    expect(status).toMatchObject({ phase: "failed", terminal: true, vendorState: "FINISHED (SUCCESSFUL, authStatus FAILED)" });
    expect(judge(status, { severity: 4 })).toMatchObject({ verdict: "failed", message: expect.stringContaining("could not log in") });
  });

  it("passes a scan whose login was PARTIAL, and says so in the verdict", async () => {
    const status = await read({ "11": { data: download(vulns([]) + stats([0, 0, 0, 0, 0])) } }, "<resultsStatus>SUCCESSFUL</resultsStatus><authStatus>PARTIAL</authStatus>");
    expect(status).toMatchObject({ phase: "succeeded", vendorState: "FINISHED (SUCCESSFUL, authStatus PARTIAL)" });
    expect(judge(status, { severity: 4 })).toMatchObject({ verdict: "succeeded", message: expect.stringContaining("authStatus PARTIAL") });
  });

  it.each(["NONE", "NOT_USED", "SUCCESSFUL"])("says nothing of a login %s", async (auth) => {
    const status = await read({ "11": { data: download(vulns([]) + stats([0, 0, 0, 0, 0])) } }, `<resultsStatus>SUCCESSFUL</resultsStatus><authStatus>${auth}</authStatus>`);
    expect(status).toMatchObject({ phase: "succeeded", vendorState: "FINISHED (SUCCESSFUL)" });
  });
});
