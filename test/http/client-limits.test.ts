import { afterEach, describe, expect, it } from "vitest";
import { closeAll, get, harness } from "./harness.js";
import { delay, reply } from "./test-server.js";

afterEach(closeAll);

const slow = async (_req: unknown, res: Parameters<typeof reply>[0]): Promise<void> => {
  await delay(15);
  reply(res, 200);
};

describe("HTTP client: concurrency and rate", () => {
  it("never has more requests in flight than the vendor's concurrency", async () => {
    const { client, server } = await harness(slow, { concurrency: 3 });
    await Promise.all(Array.from({ length: 20 }, () => client.request(get())));
    expect(server.maxInFlight).toBe(3);
  });

  it("lowers concurrency when the vendor's hint asks, and keeps to it", async () => {
    const { client, server } = await harness(
      async (req, res) => {
        await delay(15);
        reply(res, 200, "", req.n === 1 ? { "x-concurrency-limit-limit": "1" } : {});
      },
      { concurrency: 4, throttleHint: (_s, headers) => (headers["x-concurrency-limit-limit"] ? { concurrency: Number(headers["x-concurrency-limit-limit"]) } : undefined) },
    );
    await client.request(get());
    await Promise.all(Array.from({ length: 8 }, () => client.request(get())));
    expect(client.limits().concurrency).toBe(1);
    expect(server.maxInFlight).toBe(1);
  });

  it("spaces starts to the vendor's rate", async () => {
    const { client, sleeps } = await harness((_req, res) => reply(res, 200), { ratePerSecond: 4 });
    for (let i = 0; i < 3; i++) await client.request(get());
    expect(sleeps).toEqual([250, 250]);
  });

  it("lowers the rate when the vendor's hint asks", async () => {
    const { client, sleeps } = await harness((_req, res) => reply(res, 200, "", { "x-ratelimit-limit": "2" }), {
      ratePerSecond: 4,
      throttleHint: (_s, headers) => ({ ratePerSecond: Number(headers["x-ratelimit-limit"]) }),
    });
    for (let i = 0; i < 3; i++) await client.request(get());
    expect(client.limits().ratePerSecond).toBe(2);
    expect(sleeps).toEqual([250, 500]);
  });

  it("never raises a limit above the configured one", async () => {
    const { client } = await harness((_req, res) => reply(res, 200), { concurrency: 2, ratePerSecond: 4, throttleHint: () => ({ concurrency: 10, ratePerSecond: 100 }) });
    await client.request(get());
    expect(client.limits()).toEqual({ concurrency: 2, ratePerSecond: 4 });
  });

  it("waits once for a Retry-After, not again for the hold it puts on the vendor", async () => {
    const { client, sleeps } = await harness((req, res) => reply(res, req.n === 1 ? 429 : 200, "", { "retry-after": "5" }));
    await client.request(get());
    await client.request(get());
    expect(sleeps).toEqual([5000]);
  });
});
