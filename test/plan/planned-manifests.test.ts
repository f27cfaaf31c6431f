import { describe, expect, it } from "vitest";
import { plannedManifests, plannedManifestsAside } from "../../src/plan/planned-manifests.js";
import { desired, resource } from "./fakes.js";

describe("what a plan was made from", () => {
  it("is the same worked out a slice at a time beside the vendor reads as at once", async () => {
    const many = desired(Array.from({ length: 600 }, (_, i) => resource(`qualys.webApp.app-${i}`, { name: `app-${i}`, tags: ["prod"] })));
    expect(await plannedManifestsAside(many)).toEqual(plannedManifests(many));
  });

  it("begins only after a turn of the event loop, so the requests just started go out first", async () => {
    const events: string[] = [];
    const aside = plannedManifestsAside(desired([resource("qualys.webApp.shop", { name: "shop" })])).then(() => events.push("digests"));
    void Promise.resolve().then(() => events.push("request"));
    await aside;
    expect(events).toEqual(["request", "digests"]);
  });
});
