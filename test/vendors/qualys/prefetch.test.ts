import { describe, expect, it } from "vitest";
import type { QualysClient } from "../../../src/vendors/qualys/client.js";
import type { Lookups } from "../../../src/vendors/qualys/lookups.js";
import { observe } from "../../../src/vendors/qualys/observe.js";
import { prefetchSearches } from "../../../src/vendors/qualys/prefetch.js";
import { desired, profile, scheduleSpec, webAppSpec } from "./helpers.js";

function counting(): { client: QualysClient; searched: string[] } {
  const searched: string[] = [];
  const client = {
    async searchObjects(object: string) {
      searched.push(object);
      return [];
    },
  } as unknown as QualysClient;
  return { client, searched };
}

const lookups: Lookups = { find: async (_object, name) => [{ id: "1", name }], tagIds: async () => [] };
const shop = desired("webApp", "shop", webAppSpec("shop"));
const nightly = desired("schedule", "nightly", scheduleSpec("nightly", ["qualys.webApp.shop"]));

describe("qualys: searches started ahead of observe", () => {
  it("are the ones observe makes, taken over so each is sent once", async () => {
    const { client, searched } = counting();
    const prefetched = prefetchSearches(client, [shop, nightly], undefined);
    expect(searched).toEqual(["webApp", "schedule"]);
    await observe({ desired: [profile(), shop, nightly], state: [] }, { client, lookups, slots: 2, prefetched });
    expect(searched).toEqual(["webApp", "schedule"]);
  });

  it("search only the kinds the manifests declare", () => {
    const { client, searched } = counting();
    prefetchSearches(client, [profile(), shop], undefined);
    expect(searched).toEqual(["webApp"]);
  });

  it("are cancelled with the observe that took them", async () => {
    let seen: AbortSignal | undefined;
    const client = {
      searchObjects: (_object: string, _criteria: unknown, o: { readonly signal?: AbortSignal }) => ((seen = o.signal), new Promise(() => undefined)),
    } as unknown as QualysClient;
    const prefetched = prefetchSearches(client, [shop], undefined);
    const read = new AbortController();
    prefetched.take("webApp", read.signal);
    read.abort();
    expect(seen?.aborted).toBe(true);
  });
});
