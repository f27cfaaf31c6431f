import { describe, expect, it } from "vitest";
import { inFreeSlots } from "../../../src/vendors/qualys/free-slots.js";

interface Gate {
  readonly promise: Promise<string>;
  open(value?: string): void;
  fail(e: Error): void;
}

function gate(): Gate {
  let open!: (v: string) => void;
  let fail!: (e: Error) => void;
  const promise = new Promise<string>((resolve, reject) => ((open = resolve), (fail = reject)));
  return { promise, open: (v = "") => open(v), fail };
}

/** Tasks that record their start and finish when their gate opens. */
function tasks(n: number): { started: number[]; gates: Gate[]; run: (() => Promise<string>)[] } {
  const started: number[] = [];
  const gates = Array.from({ length: n }, gate);
  return { started, gates, run: gates.map((g, i) => () => (started.push(i), g.promise)) };
}

const settled = (): Promise<void> => new Promise((r) => setImmediate(r));

describe("fitting lookups around paged searches", () => {
  it("starts nothing while the chains fill every slot", async () => {
    const t = tasks(3);
    inFreeSlots(t.run, 2, [gate().promise, gate().promise]);
    await settled();
    expect(t.started).toEqual([]);
  });

  it("takes over a chain's slot when it ends, one task at a time, in order", async () => {
    const t = tasks(3);
    const chain = gate();
    inFreeSlots(t.run, 2, [chain.promise, gate().promise]);
    chain.open();
    await settled();
    expect(t.started).toEqual([0]);
    t.gates[0]!.open();
    await settled();
    expect(t.started).toEqual([0, 1]);
  });

  it("uses the slots no chain holds from the start", async () => {
    const t = tasks(3);
    inFreeSlots(t.run, 2, [gate().promise]);
    await settled();
    expect(t.started).toEqual([0]);
  });

  it("frees no slot for a chain that fails", async () => {
    const t = tasks(1);
    const chain = gate();
    inFreeSlots(t.run, 1, [chain.promise]);
    chain.fail(new Error("search failed"));
    await settled();
    expect(t.started).toEqual([]);
  });

  it("settles each task's own promise, a failure included, and goes on", async () => {
    const t = tasks(2);
    const results = inFreeSlots(t.run, 1, []);
    t.gates[0]!.fail(new Error("lookup failed"));
    t.gates[1]!.open("second");
    await expect(results[0]).rejects.toThrow("lookup failed");
    await expect(results[1]).resolves.toBe("second");
  });
});
