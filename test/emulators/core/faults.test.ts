import { describe, expect, it } from "vitest";
import { pickFault } from "../../../src/emulators/core/faults.js";
import type { EmuRandom } from "../../../src/emulators/core/types.js";

const fixed = (value: number): EmuRandom & { draws: number } => ({
  draws: 0,
  next() {
    this.draws++;
    return value;
  },
});

describe("pickFault", () => {
  const faults = { serverError: 0.2, drop: 0.2, lostAnswer: 0.2 };

  it.each([
    [0.0, { kind: "server-error", status: 500 }],
    [0.19, { kind: "server-error", status: 504 }],
    [0.3, { kind: "dropped" }],
    [0.5, { kind: "lost-answer" }],
    [0.7, undefined],
  ])("maps draw %f to %j", (draw, fault) => {
    expect(pickFault(faults, "op", fixed(draw))).toEqual(fault);
  });

  it("draws nothing when no fault is configured", () => {
    const r = fixed(0);
    expect(pickFault(undefined, "op", r)).toBeUndefined();
    expect(pickFault({ serverError: 0 }, "op", r)).toBeUndefined();
    expect(r.draws).toBe(0);
  });

  it("spares operations not listed, and unknown routes, without drawing", () => {
    const r = fixed(0);
    expect(pickFault({ serverError: 1, operations: ["launch"] }, "list", r)).toBeUndefined();
    expect(pickFault({ serverError: 1, operations: ["launch"] }, undefined, r)).toBeUndefined();
    expect(r.draws).toBe(0);
  });
});
