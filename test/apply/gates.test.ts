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
    expect(j.gates[0]).toMatchObject({ passed: true, message: "2 findings at severity 5, by the vendor's counts by level; fails on 3 or more" });
  });

  describe("when the list and the vendor's counts by level disagree", () => {
    const unknown = (rule: string, url = `https://shop.example.com/${rule}`): Finding => ({ rule, title: `QID ${rule}`, target: "Shop", url });
    const counts = (five: number, four = 0) => ({ "1": 0, "2": 0, "3": 0, "4": four, "5": five });
    const whole = (findings: Finding[], stats?: ReturnType<typeof counts>): Pick<RunStatus, "findings" | "results"> => ({
      ...(stats === undefined ? {} : { findings: stats }),
      results: { available: true, findings, truncated: false },
    });

    it("never counts fewer at a level than the vendor's counts say, though the list is whole", () => {
      const j = gate({ severity: 4 }, whole([], counts(1)));
      expect(j.gates[0]).toMatchObject({ passed: false, message: expect.stringMatching(/^1 finding at severity 4 or higher, by the vendor's counts by level; fails on any$/) });
    });

    it("counts a finding the list gives no severity by the vendor's counts, and says in the judgement which counts were used", () => {
      const j = gate({ severity: 4 }, whole([unknown("150003")], counts(1)));
      expect(j.tripped).toBe(true);
      expect(j.notes).toEqual(["counted by the vendor's counts by level, as its list says less (1 finding without a severity)"]);
    });

    it("cannot take an accepted finding of unknown severity off the vendor's counts, so it still counts", () => {
      const j = gate({ severity: 4 }, whole([unknown("150003")], counts(1)), [accept("150003")]);
      expect(j.accepted).toHaveLength(1);
      expect(j.tripped).toBe(true);
      expect(j.notes).toContain("1 accepted finding has no severity, so it could not be taken off the vendor's counts");
    });

    it("still takes an accepted finding of known severity off the vendor's counts", () => {
      const j = gate({ severity: 4 }, whole([finding("150003", 5), unknown("150004")], counts(1, 1)), [accept("150003")]);
      expect(j.gates[0]).toMatchObject({ passed: false, message: expect.stringMatching(/^1 finding at severity 4 or higher/) });
      expect(gate({ severity: 5 }, whole([finding("150003", 5), unknown("150004")], counts(1, 1)), [accept("150003")]).tripped).toBe(false);
    });

    it("counts a finding of unknown severity at every severity when the vendor gave no counts by level", () => {
      const j = gate({ severity: 5, limits: { "1": 0 } }, whole([unknown("150003")]));
      expect(j.gates.map((g) => g.passed)).toEqual([false, false]);
      expect(j.notes).toEqual(["1 finding without a severity, and no counts by level to place it, counted at every severity"]);
      expect(gate({ severity: 5, count: 2 }, whole([unknown("150003")])).tripped).toBe(false);
    });

    it("fails a QID gate that finds nothing in a list cut short, naming where it was cut", () => {
      const status = { findings: counts(2), results: { available: true as const, findings: [finding("150004", 5)], truncated: true } };
      const j = gate({ rules: [{ from: 150001, to: 150001 }] }, status);
      expect(j.gates).toEqual([{ name: "QID 150001", passed: false, message: "not found in the 1 finding read, but the vendor's list was cut at 1, so this gate could not be judged" }]);
      expect(j.notes).toContain("the vendor's findings list was cut at 1");
    });

    it("still trips a QID gate found in a list cut short", () => {
      const status = { findings: counts(2), results: { available: true as const, findings: [finding("150001", 5)], truncated: true } };
      expect(gate({ rules: [{ from: 150001, to: 150001 }] }, status).gates[0]).toMatchObject({ passed: false, message: expect.stringMatching(/^found 1 time/) });
    });

    it("fails a QID gate that finds nothing while a finding's QID could not be read", () => {
      const j = gate({ rules: [{ from: 150003, to: 150003 }] }, whole([finding("QID-150003", 5)], counts(1)));
      expect(j.gates[0]).toMatchObject({ passed: false, message: "not found, but 1 finding has a QID that could not be read, so this gate could not be judged" });
    });
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
