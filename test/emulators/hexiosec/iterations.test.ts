import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "./harness.js";

let h: Harness;
beforeEach(async () => {
  await h?.close();
  h = await startHarness({ pendingMs: 10, runDurationMs: 100 });
});
afterAll(() => h.close());

async function scanWithSeed(): Promise<string> {
  const id = await h.createScan();
  await h.call("POST", `/v1/scans/${id}/seeds`, { body: { name: "example.com", type: "domain" } });
  return id;
}
const latest = async (id: string) => (await h.call("GET", `/v1/scans/${id}?expand=iteration`)).json.iteration;
const enable = (id: string, enabled: boolean) => h.call("PATCH", `/v1/scans/${id}`, { body: { enabled } });

describe("hexiosec emulator: iterations", () => {
  it("shows iteration null for a scan that never ran", async () => {
    expect(await latest(await scanWithSeed())).toBeNull();
  });

  it("starts a pending iteration when a scan is enabled (sheet §4, start scan)", async () => {
    const id = await scanWithSeed();
    await enable(id, true);
    expect(await latest(id)).toEqual({ id: expect.any(String), state: "pending", started_at: null, finished_at: null });
  });

  it("moves an iteration pending → running → completed on the emulator's clock", async () => {
    const id = await scanWithSeed();
    await enable(id, true);
    h.clock.advance(10);
    expect(await latest(id)).toMatchObject({ state: "running", started_at: "2026-01-01T00:00:00.010Z", finished_at: null });
    h.clock.advance(100);
    expect(await latest(id)).toMatchObject({ state: "completed", started_at: "2026-01-01T00:00:00.010Z", finished_at: "2026-01-01T00:00:00.110Z" });
  });

  it("fails the iteration of a scan that has no seed to start from", async () => {
    const id = await h.createScan();
    await enable(id, true);
    h.clock.advance(110);
    expect((await latest(id)).state).toBe("failed");
  });

  it("cancels an unfinished iteration when the scan is disabled", async () => {
    const id = await scanWithSeed();
    await enable(id, true);
    h.clock.advance(50);
    await enable(id, false);
    expect(await latest(id)).toMatchObject({ state: "cancelled", finished_at: "2026-01-01T00:00:00.050Z" });
  });

  it("does not start another iteration when an enabled scan is enabled again", async () => {
    const id = await scanWithSeed();
    await enable(id, true);
    const first = (await latest(id)).id;
    await enable(id, true);
    expect((await latest(id)).id).toBe(first);
  });

  it("starts a new iteration when a disabled scan is enabled again", async () => {
    const id = await scanWithSeed();
    await enable(id, true);
    const first = (await latest(id)).id;
    await enable(id, false);
    await enable(id, true);
    const second = await latest(id);
    expect(second.id).not.toBe(first);
    expect(second.state).toBe("pending");
  });

  it("leaves a finished iteration alone when the scan is disabled", async () => {
    const id = await scanWithSeed();
    await enable(id, true);
    h.clock.advance(200);
    await enable(id, false);
    expect((await latest(id)).state).toBe("completed");
  });

  it("accepts expand as a comma list", async () => {
    const id = await scanWithSeed();
    expect((await h.call("GET", `/v1/scans/${id}?expand=tags,iteration`)).json).toHaveProperty("iteration", null);
  });
});
