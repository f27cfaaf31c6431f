import { subscribe, unsubscribe } from "node:diagnostics_channel";
import { afterEach, describe, expect, it } from "vitest";
import { closeAll, get, harness } from "./harness.js";
import { reply } from "./test-server.js";

afterEach(closeAll);

/** The paths of the requests undici writes to a socket, in order, while `run` runs. */
async function recordWrites(events: string[], run: () => Promise<unknown>): Promise<void> {
  const written = (message: unknown): void => void events.push(`written ${(message as { request: { path: string } }).request.path}`);
  subscribe("undici:client:sendHeaders", written);
  try {
    await run();
  } finally {
    unsubscribe("undici:client:sendHeaders", written);
  }
}

describe("HTTP client: the vendor's next call before the work on an answer", () => {
  it("writes a call that waited for the slot before the caller gets the answer that freed it", async () => {
    const { client } = await harness((_req, res) => reply(res, 200, "ok"), { concurrency: 1 });
    const events: string[] = [];
    await recordWrites(events, () =>
      Promise.all([client.request(get("/first")).then(() => events.push("first answered")), client.request(get("/second")).then(() => events.push("second answered"))]),
    );
    expect(events).toEqual(["written /api/first", "written /api/second", "first answered", "second answered"]);
  });

  it("hands an answer over at once when no call waits for its slot", async () => {
    const { client } = await harness((_req, res) => reply(res, 200, "ok"), { concurrency: 2 });
    const events: string[] = [];
    await recordWrites(events, () =>
      Promise.all([
        client.request(get("/first")).then(() => {
          events.push("first answered");
          // Asked for only now, so it waited for no slot: the answer before it was not held for it.
          return client.request(get("/third")).then(() => events.push("third answered"));
        }),
        client.request(get("/second")).then(() => events.push("second answered")),
      ]),
    );
    expect(events.filter((e) => e.startsWith("written")).slice(0, 2).sort()).toEqual(["written /api/first", "written /api/second"]);
    expect(events.indexOf("first answered")).toBeLessThan(events.indexOf("written /api/third"));
  });
});
