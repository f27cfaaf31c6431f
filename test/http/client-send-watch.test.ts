import { afterEach, describe, expect, it } from "vitest";
import { createHttpClient } from "../../src/http/client.js";
import { SendWatch } from "../../src/http/send-gate.js";
import { closeAll, get, harness, post } from "./harness.js";
import { reply, startTestServer } from "./test-server.js";

afterEach(closeAll);

/** A watch that records when its gate was passed, relative to the requests the server saw. */
function watching(seen: () => number) {
  const passedAt: number[] = [];
  const watch = new SendWatch(async () => {
    passedAt.push(seen());
  });
  return { watch, passedAt };
}

describe("HTTP client: the send watch around a non-idempotent call", () => {
  it("passes the gate once, after pacing and before the first byte of the request", async () => {
    const { client, server, sleeps } = await harness((_req, res) => reply(res, 201), { ratePerSecond: 2 });
    await client.request(get());
    const { watch, passedAt } = watching(() => server.seen.length);
    await watch.run(() => client.request(post()));
    expect(sleeps).toEqual([500]);
    expect(passedAt).toEqual([1]);
    expect(watch.opened).toBe(true);
    expect(watch.mayHaveLeft).toBe(true);
  });

  it("never passes the gate for reads", async () => {
    const { client, server } = await harness((_req, res) => reply(res, 200));
    const { watch, passedAt } = watching(() => server.seen.length);
    await watch.run(() => client.request(get()));
    expect(passedAt).toEqual([]);
    expect(watch.opened).toBe(false);
  });

  it("says a request refused before connecting never left", async () => {
    const server = await startTestServer(() => undefined);
    await server.close();
    const client = createHttpClient({ vendor: "acme", baseUrl: server.url, concurrency: 1, authenticate: () => ({}), secrets: [], sleep: async () => undefined, backoff: { maxAttempts: 2 } });
    const watch = new SendWatch(async () => undefined);
    await expect(watch.run(() => client.request(post()))).rejects.toMatchObject({ code: "HTTP_NETWORK" });
    expect(watch.opened).toBe(true);
    expect(watch.mayHaveLeft).toBe(false);
    await client.close();
  });

  it("says a request cancelled while the gate was being passed never left, and sends nothing", async () => {
    const { client, server } = await harness((_req, res) => reply(res, 201));
    const stop = new AbortController();
    const watch = new SendWatch(async () => stop.abort());
    await expect(watch.run(() => client.request(post("/things", { signal: stop.signal })))).rejects.toMatchObject({ code: "HTTP_ABORTED" });
    expect(server.seen).toHaveLength(0);
    expect(watch.mayHaveLeft).toBe(false);
  });

  it("says a request whose connection dropped mid-answer may have left", async () => {
    const { client } = await harness((req) => req.socket.destroy());
    const watch = new SendWatch(async () => undefined);
    await expect(watch.run(() => client.request(post()))).rejects.toMatchObject({ code: "HTTP_NETWORK" });
    expect(watch.mayHaveLeft).toBe(true);
  });
});
