/**
 * Kills: a real `scanform apply` process SIGKILLed at seeded points — just after a create or a
 * launch reached a vendor, or just after a state write — over a mixed fleet that grows between
 * kills, so every run has creates and launches to make. Afterwards scanform converges with no
 * duplicate and no orphan, and needs a person for at most one entry per Cortex call that reached
 * Cortex. (A kill between an entry's write and its request leaving can leave an entry for a call
 * that never left; no process survives to prove it, so such an entry is counted, not refused.)
 */
import { stat } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXIT } from "../../src/core/exit-codes.js";
import { createRandom } from "../../src/emulators/core/random.js";
import { startE2E, type E2E, type Vendor } from "../e2e/harness.js";
import { startScanform, runScanform } from "./child.js";
import { report } from "./figures.js";
import { inventory, writeFleet, type Fleet, type FleetSize } from "./fleet.js";
import { freeLock, openEntries, resolveAsAPerson } from "./person.js";
import { logMark } from "./vendor-log.js";

const SEED = 11;
const KILLS = 13;
const size = (i: number): FleetSize => ({ hexiosec: 6 + 3 * i, cortex: 6 + 3 * i, qualys: 6 + 3 * i, cortexLaunchEvery: 2 });
const CREATES = new Set(["createScan", "configureNewScan", "createWebApp", "createSchedule"]);
const LAUNCHES = new Set(["publicLaunchScanRun", "publicLaunchScanRunById", "launchScan"]);
const CORTEX_CALLS = new Set(["configureNewScan", "publicLaunchScanRun", "publicLaunchScanRunById"]);
const VENDORS: readonly Vendor[] = ["hexiosec", "cortex", "qualys"];
type Point = "create" | "launch" | "state write";

let e2e: E2E;
beforeAll(async () => {
  // Some latency, so a kill lands while other calls are in flight.
  const slow = { latencyMs: 40, jitterMs: 40 };
  e2e = await startE2E({ files: ["settings.yaml"], controls: { hexiosec: slow, cortex: slow, qualys: slow } });
});
afterAll(async () => {
  await e2e.close();
});

const scanform = (argv: readonly string[]) => runScanform(argv, { cwd: e2e.dir, env: e2e.env, deadlineMs: 120_000 });

/** Carried-out requests since `mark` whose operation is in `ops`, at every vendor. */
function carriedOut(mark: ReadonlyMap<string, number>, ops: ReadonlySet<string>, vendors: readonly Vendor[] = VENDORS): number {
  let n = 0;
  for (const v of vendors) {
    for (const e of e2e.emulators.emulators[v]!.log.entries()) if (e.seq > (mark.get(v) ?? 0) && ops.has(e.operation ?? "") && (e.outcome === "answered" || e.outcome === "lost-answer")) n += 1;
  }
  return n;
}

async function stateMtime(): Promise<number> {
  return (await stat(join(e2e.dir, ".scanform", "state.json")).catch(() => undefined))?.mtimeMs ?? 0;
}

/** Applies once, killing the process when the point is reached; resolves to whether it was killed. */
async function applyAndKill(point: Point, nth: number): Promise<boolean> {
  const mark = logMark(e2e.emulators);
  const child = startScanform(["apply", "--auto-approve"], { cwd: e2e.dir, env: e2e.env, deadlineMs: 120_000 });
  let exited = false;
  void child.exited.then(() => (exited = true));
  let writes = 0;
  let last = await stateMtime();
  for (const deadline = Date.now() + 90_000; !exited && Date.now() < deadline; ) {
    if (point === "state write") {
      const now = await stateMtime();
      if (now !== last) [writes, last] = [writes + 1, now];
    }
    const reached = point === "state write" ? writes : carriedOut(mark, point === "create" ? CREATES : LAUNCHES);
    if (reached >= nth) {
      child.kill("SIGKILL");
      break;
    }
    await new Promise((r) => setTimeout(r, 3));
  }
  return (await child.exited).signal === "SIGKILL";
}

describe("an apply process killed at seeded points", () => {
  it(`converges after ${KILLS} SIGKILLs, with no duplicate, no orphan and at most one person-needed entry per Cortex call that reached Cortex`, { timeout: 240_000 }, async (context) => {
    const random = createRandom(SEED);
    const started = performance.now();
    const points: Point[] = ["create", "launch", "state write"];
    const byPoint = new Map<Point, number>();
    let killed = 0;
    let openCortexAfterKills = 0;
    let maxOpenCortex = 0;
    let cortexCallsInKilledRuns = 0;
    let fleet: Fleet = await writeFleet(e2e.dir, size(0));
    for (let i = 0; i < KILLS; i++) {
      const point = points[Math.floor(random.next() * points.length)]!;
      const nth = 1 + Math.floor(random.next() * (point === "launch" ? 2 : 4));
      const mark = logMark(e2e.emulators);
      if (await applyAndKill(point, nth)) {
        killed += 1;
        byPoint.set(point, (byPoint.get(point) ?? 0) + 1);
      }
      await freeLock(e2e);
      cortexCallsInKilledRuns += carriedOut(mark, CORTEX_CALLS, ["cortex"]);
      const open = (await openEntries(e2e)).filter((e) => e.vendor === "cortex").length;
      openCortexAfterKills += open;
      maxOpenCortex = Math.max(maxOpenCortex, open);
      fleet = await writeFleet(e2e.dir, size(i + 1));
    }

    let landed = 0;
    let absent = 0;
    const exits: (number | null)[] = [];
    let lastSaid = "";
    for (let i = 0; i < 4; i++) {
      const r = await scanform(["apply", "--auto-approve"]);
      exits.push(r.code);
      lastSaid = r.stdout.slice(-3000) + r.stderr.slice(-3000);
      const steps = await resolveAsAPerson(e2e, (argv) => scanform(argv));
      landed += steps.landed;
      absent += steps.absent;
      if (r.code === EXIT.ok && steps.landed + steps.absent === 0) break;
    }
    const plan = await scanform(["plan", "--detailed-exitcode"]);
    const held = inventory(e2e, fleet);
    report(context, {
      section: "Kills",
      tried: `${KILLS} seeded SIGKILLs (seed ${SEED}) of \`scanform apply\` over a growing mixed fleet (${held.desired} resources at the end, Cortex launches included)`,
      seconds: (performance.now() - started) / 1000,
      counts: {
        kills: killed,
        ...Object.fromEntries([...byPoint].map(([p, n]) => [`after a ${p}`, n])),
        "open Cortex entries per kill": (openCortexAfterKills / Math.max(1, killed)).toFixed(2),
        "most open at once": maxOpenCortex,
        "Cortex calls carried out in killed runs": cortexCallsInKilledRuns,
        "person-needed entries": landed + absent,
        "of them for calls that never reached Cortex": absent,
        "recovery applies": exits.join(" "),
        missing: held.missing.length,
        duplicates: held.duplicate.length + held.launchedTwice.length,
        orphans: held.untracked.length,
        "plan after": plan.code ?? "killed",
      },
    });
    expect(killed).toBeGreaterThanOrEqual(10);
    expect(exits.at(-1), lastSaid).toBe(EXIT.ok);
    expect(held).toMatchObject({ missing: [], duplicate: [], untracked: [], launchedTwice: [] });
    expect(plan.code, plan.stdout.slice(-3000) + plan.stderr.slice(-2000)).toBe(EXIT.ok);
    expect(landed + absent, "person-needed entries").toBeLessThanOrEqual(cortexCallsInKilledRuns);
  });
});
