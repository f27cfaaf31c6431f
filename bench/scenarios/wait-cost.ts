/**
 * Issue 14: what `wait` spends of a vendor's call budget. Qualys scans of two hours are launched
 * and waited for through the real driver, HTTP client and wait loop, against an emulator of its
 * own whose clock the wait's sleeps move: two hours pass in a second, and every call is counted.
 *
 * "before" is the wait as it was: one status call per scan every --poll-interval (10 s). It is
 * reproduced with today's code by hiding the session's batched read and setting the ceiling to the
 * interval. "after" is the default: one `id IN` search a poll for all runs, pausing ×1.5 while
 * nothing changes, up to 5 minutes. A finished scan's results are one download each in both.
 *
 * Target: a standard Qualys subscription has 300 calls an hour (2 in flight) for everything its
 * users and jobs do. A wait may take a tenth of it: 30 calls an hour of waiting, whatever the
 * number of runs, which is 30 / n calls per run-hour for n runs waited on together.
 */
import { createManualClock, startEmulators } from "../../src/emulators/index.js";
import type { WaitEvent } from "../../src/apply/wait-events.js";
import type { WaitTarget } from "../../src/apply/wait.js";
import type { StepContext, VendorSession } from "../../src/vendors/driver.js";
import { formatCalls, totalCalls } from "../calls.js";
import { benchConnections } from "../connect.js";
import type { Scenario, ScenarioContext } from "../scenario.js";
import type { Row } from "../table.js";
import { waitForRuns } from "../scanform.js";

const VENDOR = "qualys";
const RUN_MS = 2 * 60 * 60_000;
const SUBMITTED_MS = 2 * 60_000;
const POLL_INTERVAL_MS = 10_000;
const SIZES = [1, 20] as const;
/** Calls an hour a standard Qualys subscription allows (issue 14, the vendor sheet's research). */
const BUDGET_PER_HOUR = 300;
/** The share of it one wait may spend. */
const WAIT_SHARE = 0.1;

interface Cost {
  readonly calls: Readonly<Record<string, number>>;
  readonly runHours: number;
  readonly waitedHours: number;
  readonly verdicts: readonly string[];
}

export const waitCost: Scenario = {
  name: "wait-cost",
  async run(ctx) {
    const rows: Row[] = [];
    for (const runs of SIZES) {
      const before = await measure(runs, "before", ctx);
      const after = await measure(runs, "after", ctx);
      if (after.verdicts.join() !== before.verdicts.join()) throw new Error(`the verdicts differ: before ${before.verdicts.join(", ")}, after ${after.verdicts.join(", ")}`);
      const target = (BUDGET_PER_HOUR * WAIT_SHARE) / runs;
      const perRunHour = (c: Cost): number => totalCalls(c.calls) / c.runHours;
      rows.push(
        { scenario: "wait-cost", metric: `before: calls per run-hour, ${runs} run${runs === 1 ? "" : "s"} of 2 h`, measured: perRunHour(before).toFixed(1), target: "" },
        {
          scenario: "wait-cost",
          metric: `after: calls per run-hour, ${runs} run${runs === 1 ? "" : "s"} of 2 h`,
          measured: perRunHour(after).toFixed(1),
          target: `≤ ${target.toFixed(1)} (${WAIT_SHARE * 100} % of ${BUDGET_PER_HOUR}/h)`,
          pass: perRunHour(after) <= target,
        },
        // What the back-off costs: a run that ends during a long pause is seen at the next poll.
        { scenario: "wait-cost", metric: `after: run end seen after, ${runs} run${runs === 1 ? "" : "s"}`, measured: `${((after.waitedHours * 3_600_000 - RUN_MS) / 60_000).toFixed(1)} min`, target: "" },
      );
    }
    return rows;
  },
};

async function measure(runs: number, when: "before" | "after", ctx: ScenarioContext): Promise<Cost> {
  const clock = createManualClock();
  const running = await startEmulators({ vendors: [VENDOR], clock, vendorOptions: { [VENDOR]: { runDurationMs: RUN_MS, submittedMs: SUBMITTED_MS, maxRunningScans: runs } } });
  const connections = benchConnections(running.env);
  try {
    const session = connections.connect(VENDOR);
    const targets = await launch(session, runs, running.env);
    connections.counter.reset();
    // The wait before issue 14: no batched read, no back-off.
    const reads: VendorSession = when === "before" ? { ...session, statuses: undefined } : session;
    const finished: number[] = [];
    const result = await waitForRuns(targets, {
      sessions: () => reads,
      emit: (e: WaitEvent) => void (e.type === "run-finished" && finished.push(e.elapsedMs)),
      now: () => new Date(clock.now()),
      sleep: async (ms) => clock.advance(ms),
      pollIntervalMs: POLL_INTERVAL_MS,
      ...(when === "before" ? { pollMaxIntervalMs: POLL_INTERVAL_MS } : {}),
      signal: new AbortController().signal,
    });
    const calls = connections.counter.counts();
    const cost = { calls, runHours: finished.reduce((a, b) => a + b, 0) / 3_600_000, waitedHours: Math.max(...finished) / 3_600_000, verdicts: result.runs.map((r) => r.verdict) };
    ctx.print(`${when}, ${runs} run(s): ${result.counts.succeeded} succeeded after ${cost.waitedHours.toFixed(2)} h; ${totalCalls(calls)} calls (${formatCalls(calls)}) over ${cost.runHours.toFixed(1)} run-hours = ${(totalCalls(calls) / cost.waitedHours).toFixed(0)} calls per hour of waiting`);
    if (result.counts.succeeded !== runs) throw new Error(`${runs - result.counts.succeeded} of ${runs} runs did not succeed (${when})`);
    return cost;
  } finally {
    await connections.close();
    await running.close();
  }
}

/** `runs` web apps, each scanned on its own, launched together as apply launches them. */
async function launch(session: VendorSession, runs: number, env: Readonly<Record<string, string>>): Promise<WaitTarget[]> {
  const qps = async (path: string, body: string): Promise<string> => {
    const auth = Buffer.from(`${env.QUALYS_USERNAME}:${env.QUALYS_PASSWORD}`).toString("base64");
    const res = await fetch(`${env.QUALYS_URL}/qps/rest/3.0/${path}`, { method: "POST", headers: { authorization: `Basic ${auth}`, "content-type": "text/xml" }, body });
    return res.text();
  };
  const idIn = (xml: string): string => /<id>(\d+)<\/id>/.exec(xml)?.[1] ?? "";
  const profile = idIn(await qps("search/was/optionprofile", "<ServiceRequest><preferences><limitResults>1</limitResults></preferences></ServiceRequest>"));
  const ids: Record<string, { id: string }> = { "qualys.profile.default": { id: profile } };
  for (let i = 0; i < runs; i++) {
    const app = `app-${i}`;
    ids[`qualys.webApp.${app}`] = { id: idIn(await qps("create/was/webapp", `<ServiceRequest><data><WebApp><name><![CDATA[${app}]]></name><url><![CDATA[https://${app}.example.com]]></url></WebApp></data></ServiceRequest>`)) };
  }
  const step: StepContext = { signal: new AbortController().signal, idsOf: (a) => ids[a], checkpoint: async () => undefined };
  return Promise.all(
    Array.from({ length: runs }, async (_, i): Promise<WaitTarget> => {
      const address = `qualys.scan.app-${i}`;
      const spec = { name: `app-${i} nightly`, type: "VULNERABILITY", webApps: [`qualys.webApp.app-${i}`], profile: "qualys.profile.default" };
      const { runId } = await session.launch({ address, kind: "scan", ids: {}, spec, runKey: `wait-cost-${i}` }, step);
      return { address, vendor: VENDOR, kind: "scan", ids: {}, runId, timeoutMs: 4 * 60 * 60_000 };
    }),
  );
}
