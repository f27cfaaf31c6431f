/**
 * Issue 14: an apply that keeps within a call budget the vendor states, instead of running into
 * refusals. Web apps are created through the real Qualys driver and HTTP client, 2 in flight as
 * apply runs them, against an emulator that enforces 300 calls an hour (the standard tier) and
 * states it in X-RateLimit-* on every answer, as the VM/PC API does, after other jobs of the same
 * subscription have spent most of the hour. The emulator's clock and the client's run 600 times
 * faster than the wall clock, so the hours pass in seconds in their real order.
 *
 * "before" is the client as it was: it lowers its rate to limit ÷ window and honours ToWait only
 * on a 409. It is reproduced with today's code by hiding the stated budget from the client.
 * "after" spends what each answer says is left and waits for the window instead of a refusal.
 * The plan's estimate of the same changes is checked against the calls made.
 */
import { startEmulators } from "../../src/emulators/index.js";
import type { EmuClock } from "../../src/emulators/core/types.js";
import type { ScanformHttpClient } from "../../src/http/client.js";
import type { Change } from "../../src/plan/change.js";
import type { StepContext } from "../../src/vendors/driver.js";
import type { Scenario, ScenarioContext } from "../scenario.js";
import type { Row } from "../table.js";
import { callLine, createHttpClient, createQualysDriver, createRequestCounter, drivers, estimateCalls, kindsOf, sleep } from "../scanform.js";

const BUDGET = { calls: 300, windowSec: 3600 } as const;
/** Calls other jobs of the subscription made just before the apply. */
const SPENT_ELSEWHERE = 250;
const WEB_APPS = 200;
const SCALE = 600;

interface Outcome {
  readonly refusals: number;
  readonly creates: number;
  readonly virtualSeconds: number;
  readonly error?: string;
}

export const vendorBudget: Scenario = {
  name: "vendor-budget",
  async run(ctx) {
    const changes = Array.from({ length: WEB_APPS }, (_, i) => create(`app-${i}`));
    const before = await measure(changes, "before", ctx);
    const after = await measure(changes, "after", ctx);
    const estimate = estimateCalls(changes, kindsOf(drivers), () => ({ calls: BUDGET.calls, windowSeconds: BUDGET.windowSec, remaining: BUDGET.calls - SPENT_ELSEWHERE, source: "the vendor's answers" }))[0];
    if (estimate !== undefined) ctx.print(`plan: ${callLine(estimate)}`);
    const rows: Row[] = [
      { scenario: "vendor-budget", metric: `before: 409 refusals, ${WEB_APPS} creates, ${SPENT_ELSEWHERE}/${BUDGET.calls} spent elsewhere`, measured: String(before.refusals), target: "" },
      { scenario: "vendor-budget", metric: "before: finished", measured: before.error === undefined ? `${(before.virtualSeconds / 60).toFixed(0)} min` : "no", target: "" },
      { scenario: "vendor-budget", metric: `after: 409 refusals, ${WEB_APPS} creates`, measured: String(after.refusals), target: "0", pass: after.refusals === 0 && after.error === undefined },
      { scenario: "vendor-budget", metric: "after: finished in (emulated time)", measured: `${(after.virtualSeconds / 60).toFixed(0)} min`, target: "" },
      { scenario: "vendor-budget", metric: "plan's estimate of the calls, against those made", measured: `${estimate?.calls ?? 0} / ${after.creates}`, target: "equal", pass: estimate?.calls === after.creates },
    ];
    return rows;
  },
};

function create(name: string): Change & { action: "create" } {
  return {
    address: `qualys.webApp.${name}`,
    vendor: "qualys",
    kind: "webApp",
    action: "create",
    reason: "not at the vendor",
    dependsOn: [],
    ids: {},
    notes: [],
    launchAfter: false,
    before: null,
    after: { name, url: `https://${name}.example.com`, tags: [], defaultProfile: null },
    diffs: [],
  };
}

async function measure(changes: readonly (Change & { action: "create" })[], when: "before" | "after", ctx: ScenarioContext): Promise<Outcome> {
  const clock = scaledClock();
  const running = await startEmulators({ vendors: ["qualys"], clock, vendorOptions: { qualys: { callBudget: BUDGET } } });
  const counter = createRequestCounter();
  const clients: ScanformHttpClient[] = [];
  try {
    const env = running.env;
    const auth = `Basic ${Buffer.from(`${env["QUALYS_USERNAME"]}:${env["QUALYS_PASSWORD"]}`).toString("base64")}`;
    for (let i = 0; i < SPENT_ELSEWHERE; i++) await fetch(`${env["QUALYS_URL"]}/qps/rest/portal/version`, { headers: { authorization: auth } });
    const session = createQualysDriver().connect({ url: env["QUALYS_URL"] ?? "", username: env["QUALYS_USERNAME"] ?? "", password: env["QUALYS_PASSWORD"] ?? "" }, {
      now: () => new Date(clock.now()),
      makeHttp(options) {
        const client = createHttpClient({
          ...options,
          // The client before issue 14 read only the rate and the refusals' ToWait.
          ...(when === "before" && options.throttleHint !== undefined ? { throttleHint: withoutBudget(options.throttleHint) } : {}),
          counter,
          now: () => clock.now(),
          sleep: scaledSleep(clock),
          // Waits of up to the window, and requests that may wait that long: the budget, not a bound, decides.
          limits: { maxVendorWaitMs: 2 * BUDGET.windowSec * 1000, deadlineMs: 4 * BUDGET.windowSec * 1000 },
        });
        clients.push(client);
        return client;
      },
    });
    const step: StepContext = { signal: new AbortController().signal, idsOf: () => undefined, checkpoint: async () => undefined };
    const started = clock.now();
    let next = 0;
    let error: string | undefined;
    await Promise.all(
      Array.from({ length: 2 }, async () => {
        while (next < changes.length && error === undefined) {
          const change = changes[next++]!;
          await session.create(change, step).catch((e: unknown) => {
            error = e instanceof Error ? e.message : String(e);
          });
        }
      }),
    );
    const refusals = running.emulators["qualys"]!.log.entries().filter((e) => e.status === 409).length;
    const outcome = { refusals, creates: counter.counts()["qualys.create.WebApp"] ?? 0, virtualSeconds: (clock.now() - started) / 1000, ...(error === undefined ? {} : { error }) };
    ctx.print(`${when}: ${outcome.creates} create attempts, ${refusals} refused (409), ${(outcome.virtualSeconds / 60).toFixed(0)} min emulated${error === undefined ? "" : `; stopped: ${error}`}`);
    return outcome;
  } finally {
    await Promise.all(clients.map((c) => c.close()));
    await running.close();
  }
}

type Hint = NonNullable<Parameters<typeof createHttpClient>[0]["throttleHint"]>;

const withoutBudget =
  (hint: Hint): Hint =>
  (status, headers, body) => {
    const h = hint(status, headers, body);
    if (h === undefined) return undefined;
    const { budget: _hidden, ...rest } = h;
    return rest;
  };

/** The wall clock, SCALE times faster. */
function scaledClock(): EmuClock {
  const origin = performance.now();
  const start = Date.UTC(2026, 0, 1);
  return { now: () => start + (performance.now() - origin) * SCALE };
}

/** A wait on the scaled clock that never ends early by it. */
const scaledSleep =
  (clock: EmuClock) =>
  async (ms: number, signal?: AbortSignal): Promise<void> => {
    const until = clock.now() + ms;
    for (let left = ms; left > 0; left = until - clock.now()) await sleep(Math.max(1, left / SCALE), signal);
  };
