/** Builds clients for the tests with time, sleep and jitter under the test's control. */
import { createHttpClient, type HttpClientOptions, type ScanformHttpClient } from "../../src/http/client.js";
import type { HttpRequest } from "../../src/http/types.js";
import { startTestServer, type Handler, type TestServer } from "./test-server.js";

export interface Harness {
  readonly server: TestServer;
  readonly client: ScanformHttpClient;
  /** Every wait the client asked for (backoff and pacing), in order. */
  readonly sleeps: number[];
  readonly lines: string[];
}

const open: { close(): Promise<void> }[] = [];

export async function closeAll(): Promise<void> {
  await Promise.all(open.splice(0).map((o) => o.close()));
}

/** Sleep advances the fake clock at once, so waits are recorded but cost no time. */
export function fakeTime(start = Date.UTC(2026, 5, 1, 12)): { now: () => number; sleep: (ms: number, signal?: AbortSignal) => Promise<void>; sleeps: number[] } {
  let t = start;
  const sleeps: number[] = [];
  return {
    now: () => t,
    sleep: async (ms, signal) => {
      signal?.throwIfAborted();
      sleeps.push(ms);
      t += ms;
    },
    sleeps,
  };
}

export async function harness(handler: Handler, overrides: Partial<HttpClientOptions> = {}): Promise<Harness> {
  const server = await startTestServer(handler);
  const time = fakeTime();
  const lines: string[] = [];
  const client = createHttpClient({
    vendor: "acme",
    baseUrl: `${server.url}/api`,
    concurrency: 4,
    authenticate: () => ({ authorization: "Bearer test-token" }),
    secrets: ["test-token"],
    now: time.now,
    sleep: time.sleep,
    random: () => 0.5,
    log: (line) => lines.push(line),
    backoff: { baseMs: 100, capMs: 60_000, maxAttempts: 4 },
    ...overrides,
  });
  open.push(client, server);
  return { server, client, sleeps: time.sleeps, lines };
}

export const get = (path = "/things", extra: Partial<HttpRequest> = {}): HttpRequest => ({ method: "GET", path, idempotent: true, operation: "listThings", ...extra });
export const post = (path = "/things", extra: Partial<HttpRequest> = {}): HttpRequest => ({ method: "POST", path, idempotent: false, operation: "createThing", body: "{}", ...extra });
