import { describe, expect, it } from "vitest";
import { readSettings } from "../../../src/vendors/qualys/settings.js";
import { failure } from "./helpers.js";

const base = { url: "https://qualysapi.qg2.apps.qualys.com", username: "alice", password: "a-long-enough-password" };

describe("qualys settings: the subscription's call budget (callsPerHour)", () => {
  it("is the limit apply paces to and the plan measures against", () => {
    expect(readSettings({ ...base, callsPerHour: " 300 " }).callLimit).toEqual({ calls: 300, windowSeconds: 3600, source: "vendors.qualys.callsPerHour or QUALYS_CALLS_PER_HOUR" });
  });

  it("is no limit when unset", () => {
    expect(readSettings(base).callLimit).toBeUndefined();
  });

  it.each(["0", "12.5", "300/h", "-5", "1000001"])("refuses %s, naming the setting and its variable", async (value) => {
    const e = await failure(Promise.resolve().then(() => readSettings({ ...base, callsPerHour: value })));
    expect(e.code).toBe("VENDOR_SETTINGS");
    expect(e.message).toContain("vendors.qualys.callsPerHour (QUALYS_CALLS_PER_HOUR) must be a whole number of calls from 1 to 1,000,000");
  });
});
