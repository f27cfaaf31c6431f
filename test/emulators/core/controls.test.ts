import { describe, expect, it } from "vitest";
import { createAdmissionGate, latencyMs, parseControls } from "../../../src/emulators/core/controls.js";
import { createRandom } from "../../../src/emulators/core/random.js";

describe("latency", () => {
  it("is the fixed latency alone without jitter", () => {
    expect(latencyMs({ latencyMs: 40 }, createRandom(1))).toBe(40);
  });

  it("adds uniform jitter on top of the fixed latency", () => {
    const r = createRandom(1);
    const values = Array.from({ length: 200 }, () => latencyMs({ latencyMs: 40, jitterMs: 10 }, r));
    expect(values.every((v) => v >= 40 && v < 50)).toBe(true);
    expect(new Set(values).size).toBeGreaterThan(100);
  });

  it("draws nothing without jitter, so latency never shifts a seed's fault sequence", () => {
    const r = createRandom(3);
    latencyMs({ latencyMs: 40 }, r);
    expect(r.next()).toBe(createRandom(3).next());
  });
});

describe("admission gate", () => {
  it("refuses beyond the concurrency cap until a request is released", () => {
    const gate = createAdmissionGate(() => 0);
    expect(gate.admit({ concurrency: 1 })).toBeUndefined();
    expect(gate.admit({ concurrency: 1 })).toEqual({ reason: "concurrency", retryAfterSeconds: 1 });
    gate.release();
    expect(gate.admit({ concurrency: 1 })).toBeUndefined();
  });

  it("refuses beyond the rate within a sliding second, then admits again", () => {
    let t = 0;
    const gate = createAdmissionGate(() => t);
    const admitAt = (ms: number) => ((t = ms), gate.admit({ ratePerSecond: 2 }));
    expect(admitAt(0)).toBeUndefined();
    expect(admitAt(400)).toBeUndefined();
    expect(admitAt(900)).toEqual({ reason: "rate", retryAfterSeconds: 1 });
    expect(admitAt(1000)).toBeUndefined();
    expect(admitAt(1300)).toEqual({ reason: "rate", retryAfterSeconds: 1 });
    expect(admitAt(1400)).toBeUndefined();
  });

  it("does not count refused requests against the rate", () => {
    let t = 0;
    const gate = createAdmissionGate(() => t);
    gate.admit({ ratePerSecond: 1 });
    for (t = 100; t < 1000; t += 100) gate.admit({ ratePerSecond: 1 });
    t = 1000;
    expect(gate.admit({ ratePerSecond: 1 })).toBeUndefined();
  });
});

describe("parseControls", () => {
  it("accepts every control", () => {
    const controls = {
      latencyMs: 5,
      jitterMs: 2,
      concurrency: 3,
      ratePerSecond: 10,
      faults: { serverError: 0.1, drop: 0.1, lostAnswer: 0.1, operations: ["listScans"] },
    };
    expect(parseControls(controls)).toEqual(controls);
  });

  it.each([
    [{ latency: 5 }, /unknown controls field\(s\): latency/],
    [{ latencyMs: -1 }, /latencyMs must be a number >= 0/],
    [{ concurrency: 0 }, /concurrency must be an integer >= 1/],
    [{ ratePerSecond: 2.5 }, /ratePerSecond must be an integer >= 1/],
    [{ faults: { serverError: 2 } }, /faults.serverError must be a probability/],
    [{ faults: { drop: 0.6, lostAnswer: 0.6 } }, /add up to at most 1/],
    [{ faults: { operations: "listScans" } }, /faults.operations must be a list/],
    [[], /controls must be an object/],
  ])("refuses %j", (value, message) => {
    expect(() => parseControls(value)).toThrow(message);
  });
});
