import { describe, expect, it } from "vitest";
import { ianaZone, zoneNames } from "../../src/manifest/values.js";

describe("time zones in manifests", () => {
  it("are spelled as the IANA database spells them, whatever the case written", () => {
    expect(ianaZone("europe/london")).toBe("Europe/London");
    expect(ianaZone("AMERICA/NEW_YORK")).toBe("America/New_York");
  });

  it("take UTC as a zone", () => {
    expect(ianaZone("UTC")).toBe("UTC");
  });

  it("keep a link the runtime knows as written, when it is not among the canonical names", () => {
    const links = ["US/Eastern", "Asia/Kolkata", "Asia/Calcutta"].filter((z) => !zoneNames().includes(z));
    expect(links.length).toBeGreaterThan(0);
    for (const link of links) expect(ianaZone(link), link).toBe(link);
  });

  it("refuse an offset or a name that is no zone", () => {
    expect(ianaZone("+01:00")).toBeUndefined();
    expect(ianaZone("Europe/Atlantis")).toBeUndefined();
    expect(ianaZone("")).toBeUndefined();
  });
});
