/** `scanform status`: the verdict `wait` would give, vendor text cut to a cell, as people read it. */
import { describe, expect, it } from "vitest";
import { readStatuses } from "../../src/apply/status.js";
import type { WaitTarget } from "../../src/apply/wait.js";
import { PLAIN } from "../../src/render/color.js";
import { cell } from "../../src/render/columns.js";
import { statusJson, statusTable } from "../../src/render/progress-status.js";
import type { RunStatus, VendorSession } from "../../src/vendors/driver.js";

const NOW = new Date("2026-12-02T12:00:00Z");
const target = (name: string, extra: Partial<WaitTarget> = {}): WaitTarget => ({
  address: `qualys.scan.${name}`,
  vendor: "qualys",
  kind: "scan",
  ids: { id: name },
  runId: `run-${name}`,
  timeoutMs: 3_600_000,
  ...extra,
});
const found = { "5": 0, "4": 2, "3": 1, "2": 0, "1": 4 } as const;
const finished: RunStatus = { phase: "succeeded", terminal: true, vendorState: "FINISHED", findings: found };

/** A session whose status answers come from `answers` by the run's id; a missing one is a vendor error. */
function sessions(answers: ReadonlyMap<string, RunStatus>): (vendor: string) => VendorSession {
  const session = {
    status: async (run: { ids: { id?: string } }) => {
      const answer = answers.get(run.ids.id ?? "");
      if (!answer) throw new Error(`the vendor answered 500: ${"internal error while reading the scan; ".repeat(6)}contact support`);
      return answer;
    },
  } as unknown as VendorSession;
  return () => session;
}

async function rows() {
  const targets = [
    target("gated", { failOn: { severity: 4, count: 1 } }),
    target("passing", { failOn: { severity: 5, count: 1 } }),
    target("ungated"),
    target("going"),
    target("broken"),
  ];
  const answers = new Map<string, RunStatus>([
    ["gated", finished],
    ["passing", finished],
    ["ungated", finished],
    ["going", { phase: "running", terminal: false, vendorState: "RUNNING" }],
  ]);
  return readStatuses(targets, sessions(answers), NOW);
}

describe("scanform status", () => {
  it("reads as the golden file: a verdict column, and a long vendor error cut to a cell", async () => {
    await expect(statusTable(await rows(), PLAIN)).toMatchFileSnapshot("__golden__/status-table.txt");
  });

  it("says a run that finished over its failOn failed on findings, not succeeded", async () => {
    const [gated] = await rows();
    expect(gated).toMatchObject({ status: { phase: "succeeded" }, verdict: "threshold" });
  });

  it("gives no verdict to a run still going", async () => {
    const going = (await rows())[3];
    expect(going && "verdict" in going ? going.verdict : undefined).toBeUndefined();
  });

  it("cuts a vendor error to 80 characters, ending in …", async () => {
    const broken = statusTable(await rows(), PLAIN).split("\n").find((l) => l.startsWith("qualys.scan.broken")) ?? "";
    const error = broken.slice(broken.indexOf("error: "));
    expect(error).toHaveLength(80);
    expect(error.endsWith("…")).toBe(true);
  });

  it("carries the verdict in --json", async () => {
    const json = JSON.parse(statusJson(await rows())) as { runs: { address: string; verdict?: string }[] };
    expect(json.runs.map((r) => r.verdict)).toEqual(["threshold", "succeeded", "succeeded", undefined, undefined]);
  });
});

describe("cell", () => {
  it("keeps short text as it is", () => expect(cell("RUNNING")).toBe("RUNNING"));
  it("cuts text past 80 characters to 80 with …", () => expect(cell("x".repeat(200))).toBe(`${"x".repeat(79)}…`));
  it("puts vendor text on one line", () => expect(cell("a\n  b\r\nc")).toBe("a b c"));
});
