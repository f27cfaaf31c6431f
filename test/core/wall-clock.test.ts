import { describe, expect, it } from "vitest";
import { knowsZone, utcOffsetMs, wallClock } from "../../src/core/wall-clock.js";
import { createRandom } from "../../src/emulators/core/random.js";

const HOUR = 3_600_000;

describe("wallClock", () => {
  it("reads the zone's local date, time and weekday at an instant", () => {
    // 2027-07-04T01:30:00Z is 02:30 on a Sunday in London (BST) and 21:30 on the Saturday before in New York.
    const at = Date.UTC(2027, 6, 4, 1, 30, 15);
    expect(wallClock("Europe/London", at)).toEqual({ year: 2027, month: 7, day: 4, hour: 2, minute: 30, second: 15, weekday: "sun" });
    expect(wallClock("America/New_York", at)).toEqual({ year: 2027, month: 7, day: 3, hour: 21, minute: 30, second: 15, weekday: "sat" });
  });

  it("shows midnight as hour 0", () => {
    expect(wallClock("UTC", Date.UTC(2027, 0, 1, 0, 0, 0))?.hour).toBe(0);
  });

  it("answers undefined for a zone this runtime does not know, every time it is asked", () => {
    expect(wallClock("Mars/Olympus_Mons", 0)).toBeUndefined();
    expect(wallClock("Mars/Olympus_Mons", 0)).toBeUndefined();
    expect(knowsZone("Mars/Olympus_Mons")).toBe(false);
    expect(knowsZone("Asia/Kolkata")).toBe(true);
  });

  it("agrees with a formatter built afresh for each instant, across zones and seasons", () => {
    const zones = ["UTC", "Europe/London", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe", "America/Santiago", "Pacific/Chatham"];
    const random = createRandom(14);
    for (let i = 0; i < 300; i++) {
      const zone = zones[i % zones.length]!;
      const at = Date.UTC(2026, 0, 1) + Math.floor(random.next() * 3 * 365 * 24) * HOUR + Math.floor(random.next() * HOUR);
      const fresh = new Intl.DateTimeFormat("en-US", { timeZone: zone, hourCycle: "h23", year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric", second: "numeric", weekday: "short" });
      const part = (type: string): string => fresh.formatToParts(at).find((p) => p.type === type)?.value ?? "";
      const w = wallClock(zone, at);
      expect([w?.year, w?.month, w?.day, w?.hour, w?.minute, w?.second], `${zone} at ${new Date(at).toISOString()}`).toEqual(
        ["year", "month", "day", "hour", "minute", "second"].map((t) => Number(part(t))),
      );
      expect(w?.weekday).toBe(part("weekday").toLowerCase());
    }
  });
});

describe("utcOffsetMs", () => {
  it("follows daylight saving time", () => {
    expect(utcOffsetMs("America/New_York", Date.UTC(2027, 0, 15, 12))).toBe(-5 * HOUR);
    expect(utcOffsetMs("America/New_York", Date.UTC(2027, 6, 15, 12))).toBe(-4 * HOUR);
  });

  it("keeps offsets that are not whole hours", () => {
    expect(utcOffsetMs("Asia/Kolkata", Date.UTC(2027, 0, 15, 12))).toBe(5.5 * HOUR);
    expect(utcOffsetMs("Australia/Lord_Howe", Date.UTC(2027, 6, 15, 12))).toBe(10.5 * HOUR);
  });

  it("is undefined for an unknown zone", () => {
    expect(utcOffsetMs("Nowhere/Special", 0)).toBeUndefined();
  });
});
