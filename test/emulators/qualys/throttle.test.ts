import { describe, expect, it } from "vitest";
import { startQualys, type Answer, type Emu } from "./helpers.js";

const count = (emu: Emu): Promise<Answer> => emu.get("/qps/rest/3.0/count/was/webapp");

describe("qualys emulator: throttle answers (§5)", () => {
  it("answers a rate refusal with 409, LIMIT_EXCEEDED and the configured X-RateLimit-* values", async () => {
    const emu = await startQualys();
    emu.running.emulators.qualys!.setControls({ ratePerSecond: 2 });
    await count(emu);
    await count(emu);
    const a = await count(emu);
    expect(a.status).toBe(409);
    expect(a.xml.responseCode).toBe("LIMIT_EXCEEDED");
    expect(a.headers["x-ratelimit-limit"]).toBe("2");
    expect(a.headers["x-ratelimit-window-sec"]).toBe("1");
    expect(a.headers["x-ratelimit-remaining"]).toBe("0");
    expect(Number(a.headers["x-ratelimit-towait-sec"])).toBeGreaterThanOrEqual(1);
  });

  it("answers a concurrency refusal with the configured X-Concurrency-Limit-Limit and the requests running", async () => {
    const emu = await startQualys();
    // The latency keeps the first two in flight while the third arrives.
    emu.running.emulators.qualys!.setControls({ concurrency: 2, latencyMs: 200 });
    const answers = await Promise.all([count(emu), count(emu), count(emu)]);
    const refused = answers.filter((a) => a.status === 409);
    expect(refused).toHaveLength(1);
    expect(refused[0]?.headers["x-concurrency-limit-limit"]).toBe("2");
    expect(refused[0]?.headers["x-concurrency-limit-running"]).toBe("2");
    expect(refused[0]?.headers["x-ratelimit-towait-sec"]).toBe("1");
  });

  it("advertises no limit that is not configured", async () => {
    const emu = await startQualys();
    emu.running.emulators.qualys!.setControls({ ratePerSecond: 1 });
    await count(emu);
    const a = await count(emu);
    expect(a.status).toBe(409);
    expect(a.headers["x-concurrency-limit-limit"]).toBeUndefined();
    expect(a.headers["x-concurrency-limit-running"]).toBeUndefined();
  });
});
