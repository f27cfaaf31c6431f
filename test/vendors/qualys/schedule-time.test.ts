import { describe, expect, it } from "vitest";
import type { Occurrence } from "../../../src/vendors/qualys/api.js";
import { localTimeOf, nextStart } from "../../../src/vendors/qualys/schedule-time.js";

const MINUTE = 60_000;
const DAILY: Occurrence = { type: "DAILY", everyNDays: 1 };

describe("nextStart", () => {
  it("is the next time the zone's clock shows `at`, at least the margin from now", () => {
    expect(nextStart("02:00", "Europe/London", DAILY, new Date("2027-01-10T12:00:00Z"), MINUTE)).toBe("2027-01-11T02:00:00Z");
    expect(nextStart("02:00", "Europe/London", DAILY, new Date("2027-01-11T01:59:30Z"), MINUTE)).toBe("2027-01-12T02:00:00Z");
  });

  it("moves with daylight saving time, and takes the later instant when the clock skips `at`", () => {
    // 2027-03-28: London's clocks go from 01:00 GMT to 02:00 BST.
    expect(nextStart("02:00", "Europe/London", DAILY, new Date("2027-03-27T12:00:00Z"), MINUTE)).toBe("2027-03-28T01:00:00Z");
    expect(nextStart("01:30", "Europe/London", DAILY, new Date("2027-03-27T12:00:00Z"), MINUTE)).toBe("2027-03-28T01:30:00Z");
  });

  it("keeps to the days of a weekly schedule in the zone, whatever day it is in UTC", () => {
    // 23:00 on Monday in New York is 04:00 on Tuesday in UTC.
    const weekly: Occurrence = { type: "WEEKLY", everyNWeeks: 1, days: ["mon"] };
    expect(nextStart("23:00", "America/New_York", weekly, new Date("2027-01-12T12:00:00Z"), MINUTE)).toBe("2027-01-19T04:00:00Z");
  });

  it("gives each schedule its own answer when many share a time: the earliest start is never reused from an earlier call", () => {
        const early = nextStart("02:00", "Europe/London", DAILY, new Date("2027-01-10T12:00:00Z"), MINUTE);
    const same = nextStart("02:00", "Europe/London", DAILY, new Date("2027-01-10T13:00:00Z"), MINUTE);
    const later = nextStart("02:00", "Europe/London", DAILY, new Date("2027-01-11T02:30:00Z"), MINUTE);
    expect([early, same, later]).toEqual(["2027-01-11T02:00:00Z", "2027-01-11T02:00:00Z", "2027-01-12T02:00:00Z"]);
  });

  it("refuses a zone this runtime does not know", () => {
    expect(() => nextStart("02:00", "Mars/Base", DAILY, new Date("2027-01-10T12:00:00Z"), MINUTE)).toThrow(/unknown time zone "Mars\/Base"/);
  });
});

describe("localTimeOf", () => {
  it("reads a UTC start back as the zone's wall-clock time", () => {
    expect(localTimeOf("2027-07-04T01:30:00Z", "Europe/London")).toBe("02:30");
    expect(localTimeOf("2027-07-04T01:30:00Z", "Asia/Kolkata")).toBe("07:00");
  });
});
