/**
 * The approval prompt and the lock around it: at `Enter a value:` nothing has started, so Ctrl-C
 * or the end of input cancels at once and frees the lock; and the lock outlives the signal
 * handlers, so a signal at the very end of an apply is still caught.
 */
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { runApply, type ApplyCommandDeps, type ApplyFlags } from "../../src/cli/apply.js";
import { EXIT } from "../../src/core/exit-codes.js";
import type { InterruptSource } from "../../src/cli/interrupts.js";
import type { CliIO } from "../../src/cli/io.js";
import type { LockHandle } from "../../src/state/capabilities.js";
import { counterIds, manualClock } from "../apply/fakes.js";
import { cliIO, desiredOf, fakeWorkspace, resource } from "../apply/workspace-fake.js";
import { emptySnapshot } from "../../src/state/snapshot.js";
import { applyFlags } from "./apply-fixtures.js";

const flags = (o: Partial<ApplyFlags> = {}): ApplyFlags => applyFlags({ autoApprove: false, ...o });

const clock = manualClock();
const deps = (o: Partial<ApplyCommandDeps> = {}): ApplyCommandDeps => ({ now: clock.now, newId: counterIds("k"), sleep: async () => undefined, ...o });
const shop = () => fakeWorkspace(desiredOf([resource("qualys.webApp.shop", { url: "https://shop.example.com" })]));

/** A controllable Ctrl-C: `interrupt()` does what SIGINT does to a listening process, and says whether anyone listened. */
function fakeSignals() {
  let notify: ((m: string) => void) | undefined;
  const stop = new AbortController();
  const force = new AbortController();
  const source: InterruptSource = (n) => {
    notify = n;
    return { stop: stop.signal, force: force.signal, dispose: () => void (notify = undefined) };
  };
  const interrupt = (): boolean => {
    if (!notify) return false;
    if (!stop.signal.aborted) {
      notify("SIGINT: stopping after the steps in flight; interrupt again to cut their vendor calls short.");
      stop.abort();
    } else {
      notify("SIGINT: cutting vendor calls short; the next run settles them.");
      force.abort();
    }
    return true;
  };
  return { source, interrupt };
}

/** A terminal whose stdin the test types into, and whose question arrival it can await. */
function terminal() {
  const stdin = Object.assign(new PassThrough(), { isTTY: true });
  let text = "";
  let asked: () => void = () => undefined;
  const prompted = new Promise<void>((r) => (asked = r));
  const write = (s: string) => {
    text += s;
    if (text.endsWith("Enter a value: ")) asked();
  };
  const io: CliIO = { stdout: { isTTY: true, write }, stderr: { write }, stdin, env: {}, cwd: "/nonexistent" };
  return { io, stdin, prompted, text: () => text };
}

describe("the approval prompt", () => {
  it("on Ctrl-C cancels at once, frees the lock and changes nothing", async () => {
    const ws = shop();
    const t = terminal();
    const signals = fakeSignals();
    const running = runApply(flags(), ws.open, t.io, deps({ interrupts: signals.source }));
    await t.prompted;
    signals.interrupt();
    expect(await running).toBe(EXIT.error);
    expect(t.text()).toContain("Apply cancelled: nothing was changed.");
    expect(t.text()).not.toContain("stopping after the steps in flight");
    expect(await ws.backend.lockInfo()).toBeUndefined();
    expect(ws.world.order("create")).toEqual([]);
  });

  it("on the end of input (Ctrl-D) cancels at once, frees the lock and changes nothing", async () => {
    const ws = shop();
    const t = terminal();
    const running = runApply(flags(), ws.open, t.io, deps());
    await t.prompted;
    t.stdin.end();
    expect(await running).toBe(EXIT.error);
    expect(await ws.backend.lockInfo()).toBeUndefined();
    expect(ws.world.order("create")).toEqual([]);
  });

  it("reads, like the golden file, from the plan to the cancellation", async () => {
    const t = terminal();
    const signals = fakeSignals();
    const running = runApply(flags(), shop().open, t.io, deps({ interrupts: signals.source }));
    await t.prompted;
    signals.interrupt();
    await running;
    await expect(t.text()).toMatchFileSnapshot("__golden__/apply-prompt-cancelled.txt");
  });

  it("applies on yes typed at the terminal", async () => {
    const ws = shop();
    const t = terminal();
    const running = runApply(flags(), ws.open, t.io, deps());
    await t.prompted;
    t.stdin.write("yes\n");
    expect(await running).toBe(EXIT.ok);
    expect(ws.world.order("create")).toEqual(["qualys.webApp.shop"]);
  });
});

describe("between the answer and the first vendor call", () => {
  it("refuses as stale, changing nothing, when its lock was force-unlocked and another apply ran while it waited", async () => {
    const ws = shop();
    const { io, err } = cliIO({ stdinTTY: true });
    const ask = async () => {
      await ws.backend.forceUnlock((await ws.backend.lockInfo())!.id);
      expect(await runApply(flags({ autoApprove: true }), ws.open, cliIO().io, deps())).toBe(EXIT.ok);
      return "yes";
    };
    expect(await runApply(flags(), ws.open, io, deps({ ask }))).toBe(EXIT.stalePlan);
    expect(err()).toContain("This apply no longer holds the state lock");
    expect(err()).toContain("it is now free; someone ran force-unlock.");
    expect(ws.world.order("create")).toEqual(["qualys.webApp.shop"]);
  });

  it("refuses as stale, changing nothing, when the state moved while it waited", async () => {
    const ws = shop();
    const { io, err } = cliIO({ stdinTTY: true });
    const ask = async () => {
      await ws.backend.write(emptySnapshot("someone-else"), undefined);
      return "yes";
    };
    expect(await runApply(flags(), ws.open, io, deps({ ask }))).toBe(EXIT.stalePlan);
    expect(err()).toContain("moved since this apply planned: no state is now lineage someone-else serial 1.");
    expect(ws.world.order("create")).toEqual([]);
    expect(await ws.backend.lockInfo()).toBeUndefined();
  });
});

describe("the end of an apply", () => {
  it("still catches a signal that arrives while the lock is being released, and releases it", async () => {
    const ws = shop();
    const signals = fakeSignals();
    let caught: boolean | undefined;
    // Every command opens its own peer of the backend; the peer's lock is the one apply takes.
    const open = ws.open;
    const aimed: typeof ws.open = async (paths, io, o) => {
      const opened = await open(paths, io, o);
      const backend = opened.backend;
      const take = backend.lock.bind(backend);
      backend.lock = async (info, options): Promise<LockHandle> => {
        const handle = await take(info, options);
        return {
          info: handle.info,
          release: async () => {
            caught = signals.interrupt();
            await handle.release();
          },
        };
      };
      return opened;
    };
    expect(await runApply(flags({ autoApprove: true }), aimed, terminal().io, deps({ interrupts: signals.source }))).toBe(EXIT.ok);
    expect(caught).toBe(true);
    expect(await ws.backend.lockInfo()).toBeUndefined();
  });
});
