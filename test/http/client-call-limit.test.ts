import { afterEach, describe, expect, it } from "vitest";
import { throttleHint } from "../../src/vendors/qualys/throttle.js";
import { closeAll, get, harness } from "./harness.js";
import { reply } from "./test-server.js";

afterEach(closeAll);

const limit = { calls: 2, windowSeconds: 1, source: "a test setting" };

describe("HTTP client: a vendor's limit on calls", () => {
  it("paces to a limit the driver was given before any answer, and reports it", async () => {
    const { client, sleeps } = await harness((_req, res) => reply(res, 200), { callLimit: limit });
    expect(client.limits().ratePerSecond).toBe(2);
    await Promise.all([client.request(get()), client.request(get()), client.request(get())]);
    expect(sleeps).toEqual([500, 500]);
    expect(client.callLimit()).toEqual(limit);
  });

  it("reports the limit an answer states over the one it was given", async () => {
    const headers = { "x-ratelimit-limit": "300", "x-ratelimit-window-sec": "3600", "x-ratelimit-remaining": "120", "x-ratelimit-towait-sec": "0" };
    const { client } = await harness((_req, res) => reply(res, 200, "", headers), { callLimit: limit, throttleHint });
    await client.request(get());
    expect(client.callLimit()).toEqual({ calls: 300, windowSeconds: 3600, remaining: 120, source: "the vendor's answers" });
  });

  it("fails a request unsent, with HTTP_WAIT_TOO_LONG, when the budget an answer left needs a longer wait than allowed", async () => {
    const headers = { "x-ratelimit-limit": "10", "x-ratelimit-window-sec": "864000", "x-ratelimit-remaining": "0", "x-ratelimit-towait-sec": "864000" };
    const { client, server } = await harness((_req, res) => reply(res, 200, "", headers), { throttleHint });
    await client.request(get());
    await expect(client.request(get())).rejects.toMatchObject({ code: "HTTP_WAIT_TOO_LONG", detail: { mayHaveLanded: false, maxWaitMs: 60_000 } });
    expect(server.seen.length).toBe(1);
  });
});
