import { afterEach, describe, expect, it } from "vitest";
import { isScanformError } from "../../src/core/errors.js";
import { createRetryBudget } from "../../src/http/retry.js";
import { closeAll, get, harness, post } from "./harness.js";
import { reply } from "./test-server.js";

afterEach(closeAll);

const CANARY = "canary-Sekr3t/+=";

/** Everything a person could read from an error. */
const readable = (e: unknown): string => {
  if (!isScanformError(e)) return String(e);
  return [e.message, e.hint ?? "", JSON.stringify(e.detail ?? {}), String(e.cause ?? ""), e.stack ?? ""].join("\n");
};

describe("HTTP client: secrets never leak", () => {
  const auth = () => ({ authorization: `Bearer ${CANARY}`, "x-hexiosec-api-key": CANARY, "x-xdr-auth-id": "17", "x-xdr-nonce": CANARY });

  it.each([
    ["a timeout", () => undefined, { timeouts: { headersMs: 30 }, backoff: { maxAttempts: 1 } }],
    ["a dropped connection", (req: { socket: { destroy(): void } }) => req.socket.destroy(), {}],
    ["an exhausted retry budget", (_req: unknown, res: Parameters<typeof reply>[0]) => reply(res, 503), { backoff: { maxAttempts: 9 } }],
  ] as const)("keeps the canary out of the error and the trace on %s", async (_what, handler, extra) => {
    const { client, lines } = await harness(handler as never, { authenticate: auth, secrets: [CANARY], retryBudget: createRetryBudget(1), ...extra });
    const error = await client.request(get(`/things/${encodeURIComponent(CANARY)}`, { query: { token: CANARY } })).catch((e: unknown) => e);
    expect(isScanformError(error)).toBe(true);
    expect(readable(error)).not.toContain(CANARY);
    expect(readable(error)).not.toContain(encodeURIComponent(CANARY));
    expect(readable(error)).toContain("***");
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      expect(line).not.toContain(CANARY);
      expect(line).not.toContain(encodeURIComponent(CANARY));
    }
  });

  it("masks auth header values even when they are not among the configured secrets", async () => {
    const hash = "9f86d081884c7d659a2feaa0c55ad015";
    const { client, lines } = await harness((req) => req.socket.destroy(), { authenticate: () => ({ authorization: hash }), secrets: [] });
    const error = await client.request(post(`/echo/${hash}`)).catch((e: unknown) => e);
    expect(readable(error)).not.toContain(hash);
    expect(lines.join("\n")).not.toContain(hash);
  });

  it("masks every auth header value a request carried out of an answer that echoes them", async () => {
    const signed = { "x-xdr-auth-id": "17", "x-xdr-nonce": "n0nce-abcdefghijklmnop", "x-xdr-timestamp": "1780000000123", authorization: "9f86d081884c7d659a2feaa0c55ad015" };
    const { client } = await harness((req, res) => reply(res, 400, JSON.stringify({ echoed: req.headers })), { authenticate: () => signed, secrets: [] });
    const { body } = await client.request(post());
    for (const name of ["x-xdr-nonce", "x-xdr-timestamp", "authorization"] as const) expect(body).not.toContain(signed[name]);
    expect(body).toContain('"x-xdr-auth-id":"17"');
    expect(body).toContain('"x-xdr-nonce":"***"');
  });

  it("masks each request's own auth values when they change from request to request, as a nonce does", async () => {
    let n = 0;
    const { client } = await harness((req, res) => reply(res, 400, JSON.stringify({ echoed: req.headers })), {
      authenticate: () => ({ "x-xdr-nonce": `n0nce-${String(++n).padStart(12, "0")}` }),
      secrets: [],
    });
    for (let i = 1; i <= 3; i++) {
      const { body } = await client.request(post());
      expect(body).not.toContain(`n0nce-${String(i).padStart(12, "0")}`);
      expect(body).toContain('"x-xdr-nonce":"***"');
    }
  });

  it("still sends the real credentials to the vendor", async () => {
    const { client, server } = await harness((_req, res) => reply(res, 200), { authenticate: auth, secrets: [CANARY] });
    await client.request(post());
    expect(server.seen[0]?.headers.authorization).toBe(`Bearer ${CANARY}`);
  });
});

describe("HTTP client: debug trace", () => {
  it("prints method, path, status, attempt and timing of every call, and each retry", async () => {
    const { client, lines } = await harness((req, res) => reply(res, req.n === 1 ? 429 : 200, "", { "retry-after": "2" }));
    await client.request(get("/things", { query: { page: "2" } }));
    expect(lines).toEqual([
      "http acme GET /api/things?page=2 -> 429 attempt=1 0ms op=listThings",
      "http acme retry op=listThings in 2000ms (429 throttled), 99 retries left in the run",
      "http acme GET /api/things?page=2 -> 200 attempt=2 0ms op=listThings",
    ]);
  });

  it("names the failure code of an attempt that got no answer", async () => {
    const { client, lines } = await harness((req) => req.socket.destroy());
    await client.request(post()).catch(() => undefined);
    expect(lines).toEqual(["http acme POST /api/things -> HTTP_NETWORK attempt=1 0ms op=createThing"]);
  });
});
