import { describe, expect, it } from "vitest";
import { startAhead } from "../../src/core/abort.js";

describe("reads started ahead", () => {
  it("are cancelled when their starter gives them up", () => {
    const starter = new AbortController();
    const ahead = startAhead(starter.signal);
    starter.abort();
    expect(ahead.signal.aborted).toBe(true);
  });

  it("once taken, are cancelled with the read that took them", () => {
    const ahead = startAhead(undefined);
    const taker = new AbortController();
    ahead.takenBy(taker.signal);
    expect(ahead.signal.aborted).toBe(false);
    taker.abort();
    expect(ahead.signal.aborted).toBe(true);
  });

  it("are cancelled at once when taken by a read already cancelled", () => {
    const ahead = startAhead(undefined);
    ahead.takenBy(AbortSignal.abort());
    expect(ahead.signal.aborted).toBe(true);
  });
});
