/**
 * The manifest's friendly `cortex.scan` spec → the exact ScanDefinitionPayload of vendors/cortex.md
 * §1.1: "0"/"1" strings for flags, the days bitmask, an epoch-millisecond start, `schedule_time`,
 * empty arrays for required lists, and nothing the schema does not name (the tenant answers 422
 * to unknown fields). Problems are found here, before any call, with the spec path that holds them.
 */
import { ScanformError } from "../../core/errors.js";
import type { JsonObject, JsonValue } from "../../core/json.js";
import type { CortexScanSpec, Weekday } from "../../manifest/model.js";
import { ALIVE_TEST_METHODS, DAY_BITS, ENGINE_SETTINGS, toFlag, type ScanDefinitionPayload, type ScanTime } from "./api.js";
import { daysMask, scanTime, zonedEpochMs } from "./schedule.js";
import { ownEntry } from "../../core/own.js";

export function toDefinitionPayload(spec: JsonObject, address: string, definitionId?: number): ScanDefinitionPayload {
  const problems: string[] = [];
  // The manifest loader built and validated this spec (src/manifest/build-cortex.ts).
  const s = spec as unknown as CortexScanSpec;
  const schedule = s.schedule;
  const at = scanTime(schedule.at);
  if (at === undefined) problems.push(`schedule.at: ${JSON.stringify(schedule.at)} is not a time of day HH:MM`);
  const days: readonly Weekday[] = schedule.days;
  for (const d of days) if (!Object.hasOwn(DAY_BITS, d)) problems.push(`schedule.days: ${JSON.stringify(d)} is not one of sun, mon, tue, wed, thu, fri, sat`);
  const start = at === undefined ? undefined : zonedEpochMs(schedule.start, at, schedule.timezone);
  if (at !== undefined && start === undefined) {
    problems.push(`schedule.start/timezone: cannot place ${JSON.stringify(schedule.start)} in time zone ${JSON.stringify(schedule.timezone)}; write YYYY-MM-DD and an IANA zone such as UTC or Europe/Paris`);
  }
  const quietHours = schedule.quietHours.map((q, i) => {
    const from = scanTime(q.start);
    const to = scanTime(q.end);
    if (from === undefined || to === undefined) problems.push(`schedule.quietHours[${i}]: start and end must be HH:MM`);
    return { start: from as ScanTime, end: to as ScanTime };
  });
  const settings = engineSettings(s.settings, problems);
  if (problems.length > 0) {
    throw new ScanformError("VENDOR_VALIDATION", `cortex: ${address} cannot be sent to Cortex: ${problems.join("; ")}`, {
      hint: "Fix the scan in the manifest; nothing was sent to Cortex.",
      detail: { vendor: "cortex", address, problems },
    });
  }
  return {
    ...(definitionId === undefined ? {} : { definition_id: definitionId }),
    vt_config_id: s.template,
    name: s.name,
    description: s.description,
    network_scanner_ids: s.scanners,
    network: s.network,
    port_list_id: s.portList,
    scan_ports: [],
    credential_ids: s.credentials,
    schedule_cadence: schedule.cadence,
    schedule_days: daysMask(days),
    schedule_dates: schedule.dates,
    schedule_start_date: start as number,
    schedule_time: at as ScanTime,
    schedule_quiet_hours: quietHours,
    schedule_timezone: schedule.timezone,
    override_target_exclusions: s.overrideTargetExclusions,
    target_ids: s.targetGroups,
    targets: s.targets,
    excluded_targets: s.excludedTargets,
    enable_report: s.enableReport,
    ...settings,
  };
}

function engineSettings(settings: JsonObject, problems: string[]): Record<string, JsonValue> {
  const out: Record<string, JsonValue> = {};
  for (const [name, value] of Object.entries(settings)) {
    const rule = ownEntry(ENGINE_SETTINGS, name);
    const where = `settings.${name}`;
    if (rule === undefined) {
      problems.push(`${where} is not a Cortex engine setting (known: ${Object.keys(ENGINE_SETTINGS).join(", ")})`);
      continue;
    }
    switch (rule.type) {
      case "flag":
        if (typeof value === "boolean") out[rule.wire] = toFlag(value);
        else problems.push(`${where} must be true or false`);
        break;
      case "int":
        if (typeof value === "number" && Number.isInteger(value) && value >= (rule.min ?? -Infinity) && value <= (rule.max ?? Infinity)) out[rule.wire] = value;
        else problems.push(`${where} must be a whole number${rule.min === undefined ? "" : ` from ${rule.min}`}${rule.max === undefined ? "" : ` to ${rule.max}`}`);
        break;
      case "string":
        if (typeof value === "string") out[rule.wire] = value;
        else problems.push(`${where} must be text`);
        break;
      case "methods":
        if (Array.isArray(value) && value.every((m) => typeof m === "string" && ALIVE_TEST_METHODS.includes(m))) out[rule.wire] = value;
        else problems.push(`${where} must be a list of ${ALIVE_TEST_METHODS.join(", ")}`);
        break;
    }
  }
  return out;
}
