import { describe, expect, it } from "vitest";
import type { JsonObject } from "../../../src/core/json.js";
import type { CortexScanSpec } from "../../../src/manifest/model.js";
import { toDefinitionPayload } from "../../../src/vendors/cortex/payload.js";
import { daysMask, zonedEpochMs } from "../../../src/vendors/cortex/schedule.js";
import { ADDRESS, scanSpec, thrown } from "./helpers.js";

const payload = (spec: CortexScanSpec, id?: number) => toDefinitionPayload(spec as unknown as JsonObject, ADDRESS, id);
const withSchedule = (s: Partial<CortexScanSpec["schedule"]>): CortexScanSpec => scanSpec({ schedule: { ...scanSpec().schedule, ...s } });

describe("cortex payload: the manifest spec as a ScanDefinitionPayload (vendors/cortex.md §1.1)", () => {
  it("maps a spec to exactly the schema's fields, empty arrays for unset required lists", () => {
    expect(payload(scanSpec())).toEqual({
      vt_config_id: 12,
      name: "dc-weekly",
      description: "Weekly scan of the data centre",
      network_scanner_ids: ["0f8e6c2a-1b3d-4e5f-8a9b-0c1d2e3f4a5b"],
      network: 3,
      port_list_id: 1,
      scan_ports: [],
      credential_ids: [],
      schedule_cadence: "WEEKLY",
      schedule_days: 1,
      schedule_dates: [],
      schedule_start_date: Date.UTC(2026, 11, 1, 2, 0, 0),
      schedule_time: { hour: 2, minute: 0, second: 0 },
      schedule_quiet_hours: [],
      schedule_timezone: "UTC",
      override_target_exclusions: false,
      target_ids: [],
      targets: ["10.0.0.0/16"],
      excluded_targets: [],
      enable_report: true,
    });
  });

  it("adds definition_id only for an update", () => {
    expect(payload(scanSpec())).not.toHaveProperty("definition_id");
    expect(payload(scanSpec(), 104).definition_id).toBe(104);
  });

  it("sends boolean engine settings as the strings \"0\" and \"1\"", () => {
    const p = payload(scanSpec({ settings: { safeChecks: true, excludePrinters: false, disableCgiCache: true } }));
    expect([p.safe_checks, p.exclude_printers, p.disable_cgi_cache]).toEqual(["1", "0", "1"]);
  });

  it("renames numeric, text and list engine settings to their wire names", () => {
    const p = payload(scanSpec({ settings: { maxHosts: 10, timeoutRetry: 0, nonSimultPorts: "139,445", aliveTestMethods: ["icmp", "arp"] } }));
    expect(p).toMatchObject({ max_hosts: 10, timeout_retry: 0, non_simult_ports: "139,445", alive_test_methods: ["icmp", "arp"] });
    expect(p).not.toHaveProperty("maxHosts");
  });

  it("refuses an engine setting the schema does not name, before anything is sent", async () => {
    const e = await thrown(async () => payload(scanSpec({ settings: { turbo: true } })));
    expect(e.code).toBe("VENDOR_VALIDATION");
    expect(e.message).toMatch(/settings\.turbo is not a Cortex engine setting/);
  });

  it.each([
    ["a flag given as a number", { safeChecks: 1 }, /settings\.safeChecks must be true or false/],
    ["a port out of range", { authPortSsh: 0 }, /settings\.authPortSsh must be a whole number from 1 to 65535/],
    ["an unknown alive test method", { aliveTestMethods: ["ping"] }, /settings\.aliveTestMethods must be a list of arp/],
  ])("refuses %s", async (_, settings, message) => {
    const e = await thrown(async () => payload(scanSpec({ settings })));
    expect(e.message).toMatch(message);
  });

  it("maps quiet hours to ScanTime pairs", () => {
    expect(payload(withSchedule({ quietHours: [{ start: "08:00", end: "18:30" }] })).schedule_quiet_hours).toEqual([
      { start: { hour: 8, minute: 0, second: 0 }, end: { hour: 18, minute: 30, second: 0 } },
    ]);
  });

  it("places the start date and time on the wall clock of the schedule's time zone", () => {
    // 2026-12-01 is in winter: New York is UTC-5.
    expect(payload(withSchedule({ timezone: "America/New_York", at: "02:00" })).schedule_start_date).toBe(Date.UTC(2026, 11, 1, 7, 0, 0));
  });

  it("refuses a start date that does not exist", async () => {
    const e = await thrown(async () => payload(withSchedule({ start: "2026-02-30" })));
    expect(e.message).toMatch(/cannot place "2026-02-30"/);
  });

  it("refuses an unknown time zone", async () => {
    const e = await thrown(async () => payload(withSchedule({ timezone: "Mars/Olympus" })));
    expect(e.code).toBe("VENDOR_VALIDATION");
  });
});

describe("cortex schedule arithmetic", () => {
  it.each([
    [["sun"], 1],
    [["mon"], 2],
    [["sat"], 64],
    [["mon", "wed", "fri"], 42],
    [["sun", "mon", "tue", "wed", "thu", "fri", "sat"], 127],
    [[], 0],
  ] as const)("days %j make the bitmask %i (bit 0 = Sunday, unconfirmed)", (days, mask) => {
    expect(daysMask(days)).toBe(mask);
  });

  it("takes summer time into account", () => {
    expect(zonedEpochMs("2026-07-01", { hour: 2, minute: 0, second: 0 }, "Europe/Paris")).toBe(Date.UTC(2026, 6, 1, 0, 0, 0));
  });

  it("takes a time skipped by the spring-forward change at the offset before it", () => {
    expect(zonedEpochMs("2026-03-08", { hour: 2, minute: 30, second: 0 }, "America/New_York")).toBe(Date.UTC(2026, 2, 8, 7, 30, 0));
  });

  it.each([
    ["Europe/London", "2026-03-29", 1, Date.UTC(2026, 2, 29, 1, 30)],
    ["Europe/Paris", "2026-03-29", 2, Date.UTC(2026, 2, 29, 1, 30)],
    ["Australia/Sydney", "2026-10-04", 2, Date.UTC(2026, 9, 3, 16, 30)],
    ["Pacific/Auckland", "2026-09-27", 2, Date.UTC(2026, 8, 26, 14, 30)],
  ] as const)("takes a skipped time at the offset before the change east of UTC too: %s %s %i:30", (zone, date, hour, expected) => {
    expect(zonedEpochMs(date, { hour, minute: 30, second: 0 }, zone)).toBe(expected);
  });

  it("takes a time repeated by the autumn change at its first occurrence", () => {
    expect(zonedEpochMs("2026-11-01", { hour: 1, minute: 30, second: 0 }, "America/New_York")).toBe(Date.UTC(2026, 10, 1, 5, 30, 0));
  });

  it("takes a repeated time at its first occurrence east of UTC too", () => {
    expect(zonedEpochMs("2026-10-25", { hour: 1, minute: 30, second: 0 }, "Europe/London")).toBe(Date.UTC(2026, 9, 25, 0, 30, 0));
    expect(zonedEpochMs("2026-04-05", { hour: 2, minute: 30, second: 0 }, "Pacific/Auckland")).toBe(Date.UTC(2026, 3, 4, 13, 30, 0));
  });

  it("takes a time near a change that does not skip it as it is, far east of UTC (Chatham, +12:45 until 02:45)", () => {
    expect(zonedEpochMs("2026-09-27", { hour: 2, minute: 30, second: 0 }, "Pacific/Chatham")).toBe(Date.UTC(2026, 8, 26, 13, 45, 0));
  });
});
