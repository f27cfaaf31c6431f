/**
 * Faults: over 500 resources at the three vendors, applied by the real CLI while about 10 % of
 * requests fail (5xx, dropped connections, answers lost after the vendor acted) and the vendors
 * throttle in bursts (429, Qualys 409). Re-runs converge; the vendors then hold exactly the
 * desired objects and the next plan is empty. A person resolves what scanform cannot settle
 * itself (Cortex creates whose answer was lost), and each of those is counted.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXIT } from "../../src/core/exit-codes.js";
import type { VendorControls } from "../../src/emulators/core/types.js";
import { startE2E, type E2E, type Vendor } from "../e2e/harness.js";
import { runScanform } from "./child.js";
import { report } from "./figures.js";
import { inventory, writeFleet, type Fleet } from "./fleet.js";
import { resolveAsAPerson } from "./person.js";

const SIZE = { hexiosec: 230, cortex: 60, qualys: 160, cortexLaunchEvery: 0 } as const;
/** 10 % failures, plus throttling below the client's own caps for the bursts of 429 and 409. */
const FAULTS = { serverError: 0.05, drop: 0.02, lostAnswer: 0.03 } as const;
const CONTROLS: Readonly<Record<Vendor, VendorControls>> = {
  hexiosec: { concurrency: 3, faults: FAULTS },
  cortex: { ratePerSecond: 4, faults: FAULTS },
  qualys: { concurrency: 1, faults: FAULTS },
};
const MAX_RUNS = 8;
const VENDORS: readonly Vendor[] = ["hexiosec", "cortex", "qualys"];

let e2e: E2E;
let fleet: Fleet;
beforeAll(async () => {
  e2e = await startE2E({ files: ["settings.yaml"], controls: CONTROLS });
  fleet = await writeFleet(e2e.dir, SIZE);
});
afterAll(async () => {
  await e2e.close();
});

const scanform = (argv: readonly string[]) => runScanform(argv, { cwd: e2e.dir, env: e2e.env, deadlineMs: 150_000 });

describe("applying 500 resources under injected faults", () => {
  it("converges over re-runs: every desired object once, nothing else, and the next plan is empty", { timeout: 240_000 }, async (context) => {
    const started = performance.now();
    const exits: (number | null)[] = [];
    let personSteps = 0;
    let needless = 0;
    let peakRssMb = 0;
    for (let i = 0; i < MAX_RUNS; i++) {
      const r = await scanform(["apply", "--auto-approve"]);
      exits.push(r.code);
      peakRssMb = Math.max(peakRssMb, r.peakRssMb);
      expect(r.killedBy, r.stderr.slice(-2000)).toBeUndefined();
      const steps = await resolveAsAPerson(e2e, (argv) => scanform(argv));
      personSteps += steps.landed + steps.absent;
      needless += steps.absent;
      if (r.code === EXIT.ok) break;
    }
    const requests = VENDORS.map((v) => e2e.emulators.emulators[v]!.log);
    const outcomes = new Map<string, number>();
    for (const log of requests) for (const entry of log.entries()) outcomes.set(entry.outcome, (outcomes.get(entry.outcome) ?? 0) + 1);
    for (const v of VENDORS) e2e.emulators.emulators[v]!.setControls({});
    const plan = await scanform(["plan", "--detailed-exitcode"]);
    const held = inventory(e2e, fleet);
    const total = requests.reduce((n, log) => n + log.count(), 0);
    report(context, {
      section: "Faults",
      tried: `${held.desired} resources (Hexiosec ${SIZE.hexiosec}, Cortex ${SIZE.cortex}, Qualys ${SIZE.qualys} web apps and their schedules and scans); 5 % 5xx, 2 % drops, 3 % lost answers, 429/409 bursts`,
      peakRssMb,
      seconds: (performance.now() - started) / 1000,
      counts: {
        "apply runs": exits.length,
        "exit codes": exits.join(" "),
        requests: total,
        "5xx": outcomes.get("server-error") ?? 0,
        dropped: outcomes.get("dropped") ?? 0,
        "lost answers": outcomes.get("lost-answer") ?? 0,
        throttled: outcomes.get("throttled") ?? 0,
        "person-needed steps": personSteps,
        "of them for calls that never reached the vendor": needless,
        "per 100 Cortex definitions": ((personSteps * 100) / SIZE.cortex).toFixed(1),
        missing: held.missing.length,
        duplicates: held.duplicate.length + held.launchedTwice.length,
        untracked: held.untracked.length,
        "second plan exit": plan.code ?? "killed",
      },
    });
    expect(exits.at(-1), "the last apply succeeded").toBe(EXIT.ok);
    expect(held).toMatchObject({ missing: [], duplicate: [], untracked: [], launchedTwice: [] });
    expect(plan.code, plan.stdout.slice(-3000) + plan.stderr.slice(-2000)).toBe(EXIT.ok);
  });
});
