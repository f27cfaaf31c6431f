import { describe, expect, it } from "vitest";
import type { QualysClient, SearchOptions } from "../../../src/vendors/qualys/client.js";
import type { Lookups } from "../../../src/vendors/qualys/lookups.js";
import { observe } from "../../../src/vendors/qualys/observe.js";
import { desired, profile, scheduleSpec, webAppSpec } from "./helpers.js";

describe("qualys observe: the name lookups", () => {
  it("sends the lookups once each search's last page has answered, while those pages are still being read", async () => {
    const events: string[] = [];
    let release!: () => void;
    const read = new Promise<void>((resolve) => (release = resolve));
    const client = {
      async searchObjects(object: string, _criteria: unknown, o: SearchOptions = {}) {
        events.push(`search ${object}`);
        o.onLastAnswer?.();
        await read;
        return [];
      },
    } as unknown as QualysClient;
    const lookups: Lookups = {
      async find(object, name) {
        events.push(`lookup ${object} ${name}`);
        return [{ id: "1", name }];
      },
      tagIds: async () => [],
    };
    const request = { desired: [profile(), desired("webApp", "shop", webAppSpec("shop", { tags: ["prod"] })), desired("schedule", "nightly", scheduleSpec("nightly", ["qualys.webApp.shop"]))], state: [] };
    const observed = observe(request, { client, lookups, slots: 2 });
    await new Promise((resolve) => setImmediate(resolve));
    expect(events).toEqual(["search webApp", "search schedule", "lookup profile Initial WAS Options", "lookup tag prod"]);
    release();
    await observed;
  });

  it("with objectsFirst, hands the objects over before the tag lookups answer, and their problems with complete", async () => {
    let answerTags!: () => void;
    const tagsAnswered = new Promise<void>((resolve) => (answerTags = resolve));
    const client = { searchObjects: async () => [] } as unknown as QualysClient;
    const lookups: Lookups = {
      async find(object, name) {
        if (object === "tag") await tagsAnswered;
        return object === "tag" ? [] : [{ id: "1", name }];
      },
      tagIds: async () => [],
    };
    const request = { desired: [profile(), desired("webApp", "shop", webAppSpec("shop", { tags: ["prod"] }))], state: [], objectsFirst: true };
    const early = await observe(request, { client, lookups, slots: 2 });
    expect(early.diagnostics).toEqual([]);
    answerTags();
    expect((await early.complete)?.diagnostics.map((d) => d.code)).toEqual(["VENDOR_NOT_FOUND"]);
  });
});
