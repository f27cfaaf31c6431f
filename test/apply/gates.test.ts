import { describe, expect, it } from "vitest";
import { judgeGates } from "../../src/apply/gates.js";
import type { Acceptance, FailOn } from "../../src/manifest/model.js";
import type { Finding, RunStatus } from "../../src/vendors/driver.js";

const TODAY = "2026-12-02";
const finding = (rule: string, severity: Finding["severity"], url = `https://shop.example.com/${rule}`): Finding => ({ rule, title: `QID ${rule}`, severity, target: "Shop", url });
const finished = (findings: Finding[]): Pick<RunStatus, "findings" | "results"> => {
  const counts = { "1": 0, "2": 0, "3": 0, "4": 0, "5": 0 };
  for (const f of findings) counts[String(f.severity) as keyof typeof counts] += 1;
  return { findings: counts, results: { available: true, findings, truncated: false } };
};
const accept = (rule: string, over: Partial<Acceptance> = {}): Acceptance => ({
  vendor: "qualys",
  rule,
  resource: "qualys.webApp.shop",
  target: "Shop",
  reason: "WAF blocks it",
  expires: "2027-01-31",
  source: { file: "scans/qualys.yaml", line: 40, column: 5 },
  ...over,
});
const gate = (failOn: Partial<FailOn>, status: Pick<RunStatus, "findings" | "results">, acceptances: Acceptance[] = []) =>
  judgeGates(status, { count: 1, ...failOn }, acceptances, TODAY);

describe("the gates of a finished run", () => {
  it("trips the severity gate on any finding at or above the severity", () => {
    const j = gate({ severity: 4 }, finished([finding("150003", 5), finding("150081", 2)]));
    expect(j.tripped).toBe(true);
    expect(j.gates).toEqual([{ name: "severity 4 or higher", passed: false, message: "1 finding at severity 4 or higher; fails on any" }]);
  });

  it("passes the severity gate below its count", () => {
    expect(gate({ severity: 4, count: 2 }, finished([finding("150003", 5)])).tripped).toBe(false);
  });

  it("trips a per-severity limit only when the findings of that severity exceed it", () => {
    const three = [finding("150079", 3, "a"), finding("150079", 3, "b"), finding("150202", 3)];
    expect(gate({ limits: { "3": 3 } }, finished(three)).tripped).toBe(false);
    const j = gate({ limits: { "3": 2 } }, finished(three));
    expect(j.gates).toEqual([{ name: "at most 2 of severity 3", passed: false, message: "3 findings of severity 3; the limit is 2" }]);
  });

  it("trips a QID gate on sight, whatever the severity, naming where it was found", () => {
    const j = gate({ rules: [{ from: 150081, to: 150081 }] }, finished([finding("150081", 1, "https://shop.example.com/account")]));
    expect(j.gates).toEqual([{ name: "QID 150081", passed: false, message: "found 1 time: QID 150081 at https://shop.example.com/account" }]);
  });

  it("trips a QID range gate on any QID inside the range", () => {
    expect(gate({ rules: [{ from: 150100, to: 150199 }] }, finished([finding("150150", 2)])).tripped).toBe(true);
    expect(gate({ rules: [{ from: 150100, to: 150199 }] }, finished([finding("150200", 2)])).tripped).toBe(false);
  });

  it("keeps an accepted finding from every gate, and lists it as accepted", () => {
    const sqli = finding("150003", 5);
    const j = gate({ severity: 4, rules: [{ from: 150003, to: 150003 }] }, finished([sqli]), [accept("150003")]);
    expect(j.tripped).toBe(false);
    expect(j.accepted).toEqual([{ finding: sqli, acceptance: accept("150003") }]);
    expect(j.open).toEqual([]);
  });

  it("counts a finding again once its acceptance has expired", () => {
    const j = gate({ severity: 4 }, finished([finding("150003", 5)]), [accept("150003", { expires: "2026-12-01" })]);
    expect(j.tripped).toBe(true);
    expect(j.accepted).toEqual([]);
  });

  it("holds an acceptance through its expiry day", () => {
    expect(gate({ severity: 4 }, finished([finding("150003", 5)]), [accept("150003", { expires: TODAY })]).tripped).toBe(false);
  });

  it("accepts a finding at one URL only when the acceptance names that URL", () => {
    const here = finding("150003", 5, "https://shop.example.com/search");
    const there = finding("150003", 5, "https://shop.example.com/other");
    const j = gate({ severity: 4 }, finished([here, there]), [accept("150003", { url: "https://shop.example.com/search" })]);
    expect(j.open).toEqual([there]);
    expect(j.tripped).toBe(true);
  });

  it("does not accept the same QID on another web app", () => {
    const other = { ...finding("150003", 5), target: "Shop API" };
    expect(gate({ severity: 4 }, finished([other]), [accept("150003")]).tripped).toBe(true);
  });

  it("judges severities on the vendor's counts, less the accepted findings, when the list was cut short", () => {
    const status = { findings: { "1": 0, "2": 0, "3": 0, "4": 0, "5": 3 }, results: { available: true as const, findings: [finding("150003", 5)], truncated: true } };
    const j = gate({ severity: 5, count: 3 }, status, [accept("150003")]);
    expect(j.gates[0]).toMatchObject({ passed: true, message: "2 findings at severity 5; fails on 3 or more" });
  });

  it("fails a QID gate closed when the vendor gave no findings list", () => {
    const j = gate({ rules: [{ from: 1, to: 1 }] }, { results: { available: false, why: "no endpoint" } });
    expect(j.gates[0]).toMatchObject({ passed: false, message: "the vendor gave no findings for this run, so this gate could not be judged" });
  });

  it("has no gates and trips nothing without failOn, but still sorts accepted findings out", () => {
    const j = judgeGates(finished([finding("150003", 5)]), undefined, [accept("150003")], TODAY);
    expect(j).toMatchObject({ gates: [], tripped: false, open: [] });
    expect(j.accepted).toHaveLength(1);
  });
});
