/**
 * What the wall clock of an IANA time zone shows at an instant, for the vendors' schedule
 * arithmetic (a manifest says "02:00 in Europe/London"; the vendors want instants, or the reverse).
 * Building an Intl formatter costs some hundred times more than using one, and a configuration
 * names a handful of zones for thousands of schedules, so each zone's formatter is built once.
 */
/** Days as manifests spell them (manifest/model.ts re-exports this). */
export type Weekday = "sun" | "mon" | "tue" | "wed" | "thu" | "fri" | "sat";

export interface WallClock {
  readonly year: number;
  /** 1–12. */
  readonly month: number;
  readonly day: number;
  /** 0–23. */
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly weekday: Weekday;
}

const WEEKDAY_BY_SHORT = new Map<string, Weekday>([
  ["Sun", "sun"],
  ["Mon", "mon"],
  ["Tue", "tue"],
  ["Wed", "wed"],
  ["Thu", "thu"],
  ["Fri", "fri"],
  ["Sat", "sat"],
]);

/** Zone names come from manifests and vendor answers: past this many, the kept formatters start again. */
const ZONES_KEPT = 1_000;
const formatters = new Map<string, Intl.DateTimeFormat | null>();

function formatter(zone: string): Intl.DateTimeFormat | null {
  let f = formatters.get(zone);
  if (f === undefined) {
    try {
      f = new Intl.DateTimeFormat("en-US", { timeZone: zone, hourCycle: "h23", year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric", second: "numeric", weekday: "short" });
    } catch {
      f = null;
    }
    if (formatters.size >= ZONES_KEPT) formatters.clear();
    formatters.set(zone, f);
  }
  return f;
}

/** Whether this runtime knows `zone` by that name. */
export const knowsZone = (zone: string): boolean => formatter(zone) !== null;

/** The wall clock of `zone` at `epochMs`; undefined when this runtime does not know the zone. */
export function wallClock(zone: string, epochMs: number): WallClock | undefined {
  const f = formatter(zone);
  if (f === null) return undefined;
  let year = 0;
  let month = 0;
  let day = 0;
  let hour = 0;
  let minute = 0;
  let second = 0;
  let weekday: Weekday = "sun";
  for (const part of f.formatToParts(epochMs)) {
    switch (part.type) {
      case "year":
        year = Number(part.value);
        break;
      case "month":
        month = Number(part.value);
        break;
      case "day":
        day = Number(part.value);
        break;
      case "hour":
        hour = Number(part.value);
        break;
      case "minute":
        minute = Number(part.value);
        break;
      case "second":
        second = Number(part.value);
        break;
      case "weekday":
        weekday = WEEKDAY_BY_SHORT.get(part.value) ?? "sun";
        break;
      default:
        break;
    }
  }
  return { year, month, day, hour, minute, second, weekday };
}

/** How far `zone`'s wall clock is ahead of UTC at `epochMs` (whole seconds); undefined for an unknown zone. */
export function utcOffsetMs(zone: string, epochMs: number): number | undefined {
  const w = wallClock(zone, epochMs);
  if (w === undefined) return undefined;
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - Math.floor(epochMs / 1000) * 1000;
}
