import { describe, expect, it } from "vitest";
import { confirmVanished, MASS_VANISH_READS } from "../../src/plan/confirm-absent.js";
import type { VendorSession } from "../../src/vendors/driver.js";
import { entry, fakeSession, KINDS, observed } from "./fakes.js";

const HEXIOSEC = KINDS.get("hexiosec")!;
const tracked = (n: number) => Array.from({ length: n }, (_, i) => entry(`hexiosec.scan.s${String(i).padStart(3, "0")}`, {}));
const listedNone = { objects: [], diagnostics: [] };

/**
 * confirmAbsent behind a client that runs `cap` calls at once, as the HTTP client does: a call
 * waiting for a slot is dropped when its signal aborts, and one in flight then fails as it ends.
 */
function capped(cap: number, answer: "present" | "absent"): { session: VendorSession; started: () => number } {
  let running = 0;
  let started = 0;
  const waiting: (() => void)[] = [];
  const release = () => {
    running--;
    waiting.shift()?.();
  };
  const session: VendorSession = {
    ...fakeSession(() => listedNone),
    confirmAbsent: (_object, signal) =>
      new Promise((resolve, reject) => {
        const aborted = () => reject(new Error("aborted"));
        const run = () => {
          if (signal?.aborted) return (release(), aborted());
          running++;
          started++;
          setTimeout(() => {
            release();
            if (signal?.aborted) aborted();
            else resolve(answer);
          }, 1);
        };
        if (running < cap) run();
        else waiting.push(run);
      }),
  };
  return { session, started: () => started };
}

describe("confirming objects a list answer lacked", () => {
  it("stops reading by id once one object that still exists proves the answer partial", async () => {
    const { session, started } = capped(2, "present");
    const found = await confirmVanished("hexiosec", session, HEXIOSEC, tracked(50), listedNone);
    expect(found.map((d) => d.code)).toEqual(["PLAN_LIST_INCOMPLETE"]);
    expect(started()).toBeLessThanOrEqual(3);
  });

  it("reads every lacked object while each one is gone", async () => {
    const { session, started } = capped(2, "absent");
    expect(await confirmVanished("hexiosec", session, HEXIOSEC, tracked(50), listedNone)).toEqual([]);
    expect(started()).toBe(50);
  });

  it("reads only the first few lacked objects when most tracked objects are lacked and the plan refuses a mass vanish", async () => {
    const { session, started } = capped(2, "absent");
    expect(await confirmVanished("hexiosec", session, HEXIOSEC, tracked(50), listedNone, { refusesMassVanish: true })).toEqual([]);
    expect(started()).toBe(MASS_VANISH_READS);
  });

  it("still finds a partial answer among those few reads", async () => {
    const { session } = capped(2, "present");
    const found = await confirmVanished("hexiosec", session, HEXIOSEC, tracked(50), listedNone, { refusesMassVanish: true });
    expect(found.map((d) => d.code)).toEqual(["PLAN_LIST_INCOMPLETE"]);
  });

  it("reads every lacked object when at most half of the tracked objects are lacked, even if the plan refuses a mass vanish", async () => {
    const state = tracked(50);
    const listed = { objects: state.slice(0, 30).map((e) => observed(e.address, {}, { match: "state" })), diagnostics: [] };
    const { session, started } = capped(2, "absent");
    expect(await confirmVanished("hexiosec", session, HEXIOSEC, state, listed, { refusesMassVanish: true })).toEqual([]);
    expect(started()).toBe(20);
  });

  it("names at most ten of the objects that still exist, and counts the rest", async () => {
    // Answers that all arrive together, before the first can stop the others.
    const session: VendorSession = { ...fakeSession(() => listedNone), confirmAbsent: async () => "present" };
    const [problem] = await confirmVanished("hexiosec", session, HEXIOSEC, tracked(25), listedNone);
    expect(problem?.message).toContain("hexiosec.scan.s009, and 15 more)");
    expect(problem?.message).not.toContain("hexiosec.scan.s010");
  });

  it("fails when the plan itself is stopped while it reads", async () => {
    const { session } = capped(2, "absent");
    const stop = new AbortController();
    const reading = confirmVanished("hexiosec", session, HEXIOSEC, tracked(50), listedNone, { signal: stop.signal });
    stop.abort();
    await expect(reading).rejects.toThrow("aborted");
  });
});
