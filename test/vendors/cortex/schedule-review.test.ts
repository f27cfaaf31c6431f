import { describe, expect, it } from "vitest";
import { pastOneOff } from "../../../src/vendors/cortex/schedule.js";

const once = (start: string, at = "03:00", timezone = "UTC") => ({ schedule: { cadence: "ONCE", days: [], dates: [], at, timezone, start, quietHours: [] } });
const now = new Date("2026-12-02T12:00:00Z");

describe("cortex: a ONCE schedule whose start is already past", () => {
  it("is warned about, naming the start, its time zone and what to do", () => {
    expect(pastOneOff(once("2026-12-01"), now)).toEqual([
      "its ONCE schedule starts on 2026-12-01 at 03:00 (UTC), which is already past, so Cortex may never run it on that schedule. Move `schedule.start` to a day to come, or run it with `launch:`.",
    ]);
  });

  it("is judged at `at` on the clock of its time zone, not at midnight UTC", () => {
    // 13:00 in Tokyo on the 2nd is 04:00 UTC, already past at noon UTC; 23:00 in New York is still to come.
    expect(pastOneOff(once("2026-12-02", "13:00", "Asia/Tokyo"), now)).toHaveLength(1);
    expect(pastOneOff(once("2026-12-02", "23:00", "America/New_York"), now)).toEqual([]);
  });

  it("says nothing of a start still to come", () => {
    expect(pastOneOff(once("2026-12-03"), now)).toEqual([]);
  });

  it("says nothing of a recurring schedule that started in the past", () => {
    expect(pastOneOff({ schedule: { ...once("2020-01-01").schedule, cadence: "WEEKLY", days: ["sun"] } }, now)).toEqual([]);
  });
});
