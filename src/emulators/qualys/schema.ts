/**
 * The request elements the emulator accepts, in order, per object: its stand-in for the XSDs the
 * real API validates against (vendors/qualys.md §1.4). Orders follow the sheet: WebApp as in the
 * §7 create example (GET order), WasScanSchedule as easm documents it (§11), WasScan as the §10
 * launch examples. Only elements the emulator models are listed, so nothing is accepted and dropped.
 */

export type Simple = "string" | "long" | "int" | "boolean" | "dateTime" | { readonly enum: readonly string[] };

export interface Particle {
  readonly name: string;
  readonly type: Type;
  readonly min: number;
  readonly max: number;
  readonly attrs?: Readonly<Record<string, Simple>>;
}

export type Type = Simple | { readonly seq: readonly Particle[] } | { readonly all: readonly Particle[] };

const opt = (name: string, type: Type): Particle => ({ name, type, min: 0, max: 1 });
const many = (name: string, type: Type, min = 0): Particle => ({ name, type, min, max: Number.POSITIVE_INFINITY });
const seq = (...particles: Particle[]): Type => ({ seq: particles });

/** `NOT EQUALS` has a space (§3.1); the underscore spellings belong to another API. */
export const OPERATORS = ["EQUALS", "NOT EQUALS", "CONTAINS", "IN", "GREATER", "LESSER", "NONE"] as const;
export type Operator = (typeof OPERATORS)[number];

export const SCAN_TYPES = ["VULNERABILITY", "DISCOVERY"] as const;
export const SCANNER_TYPES = ["EXTERNAL", "INTERNAL"] as const;
export const CANCEL_OPTIONS = ["DEFAULT", "SPECIFIC"] as const;
export const OCCURRENCE_TYPES = ["ONCE", "DAILY", "WEEKLY", "MONTHLY"] as const;
export const DELAY_SCALES = ["HOUR", "DAY", "WEEK"] as const;
export const WEEKDAYS = ["SUNDAY", "MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY"] as const;

const idRef = seq(opt("id", "long"));

/** A QList on write: `set` replaces, `add` associates, `remove` drops by key (§2.3). */
const writeList = (item: string, itemType: Type): Type =>
  seq(opt("set", seq(many(item, itemType))), opt("add", seq(many(item, itemType))), opt("remove", seq(many(item, itemType))));

/** `{id}` or `{isDefault}` (§10, §11): the emulator ships no auth records, so both are refused logically. */
const authRecordRef = seq(opt("id", "long"), opt("isDefault", "boolean"));

const scannerAppliance = seq(opt("type", { enum: SCANNER_TYPES }), opt("friendlyName", "string"));

/** One shape for schedules and scans: `webApp` (one) or `webApps` (a QList), in the §10/§11 order. */
const target = seq(
  opt("webApp", idRef),
  opt("webApps", writeList("WebApp", idRef)),
  opt("webAppAuthRecord", authRecordRef),
  opt("scannerAppliance", scannerAppliance),
  opt("cancelOption", { enum: CANCEL_OPTIONS }),
);

export const WEB_APP = opt(
  "WebApp",
  seq(
    opt("name", "string"),
    opt("url", "string"),
    opt("defaultProfile", idRef),
    opt("defaultScanner", scannerAppliance),
    opt("tags", writeList("Tag", idRef)),
  ),
);

export const SCHEDULE = opt(
  "WasScanSchedule",
  seq(
    opt("name", "string"),
    opt("active", "boolean"),
    opt("type", { enum: SCAN_TYPES }),
    opt("target", target),
    opt("profile", idRef),
    opt(
      "scheduling",
      seq(
        opt("startDate", "dateTime"),
        opt("timeZone", seq(opt("code", "string"))),
        opt("occurrenceType", { enum: OCCURRENCE_TYPES }),
        opt(
          "occurrence",
          seq(
            opt("dailyOccurrence", seq(opt("everyNDays", "int"))),
            opt("weeklyOccurrence", seq(opt("everyNWeeks", "int"), opt("onDays", seq(many("WeekDay", { enum: WEEKDAYS }, 1))))),
          ),
        ),
      ),
    ),
    opt(
      "notification",
      seq(
        opt("active", "boolean"),
        opt("reschedule", "boolean"),
        opt("delay", seq(opt("nb", "int"), opt("scale", { enum: DELAY_SCALES }))),
        opt("recipients", writeList("EmailAddress", "string")),
        opt("message", "string"),
      ),
    ),
    opt("sendMail", "boolean"),
  ),
);

export const SCAN_LAUNCH = opt(
  "WasScan",
  seq(
    opt("name", "string"),
    opt("type", { enum: SCAN_TYPES }),
    opt("target", target),
    opt("profile", idRef),
    opt("cancelAfterNHours", "int"),
    opt("sendMail", "boolean"),
  ),
);

export const SCAN_CANCEL = opt("WasScan", seq(opt("cancelWithResults", "boolean")));

const criteria: Particle = { ...many("Criteria", "string"), attrs: { field: "string", operator: { enum: OPERATORS } } };

export interface RequestShape {
  /** Whether `<verbose>` is accepted in preferences: only where documented (§3.2). */
  readonly preferences?: { readonly verbose: boolean };
  readonly filters?: boolean;
  readonly data?: Particle;
}

/** The ServiceRequest root for one route. `preferences` and `filters` come in either order (§2.1). */
export function serviceRequest(shape: RequestShape): Particle {
  const parts: Particle[] = [];
  if (shape.preferences !== undefined) {
    const prefs = [opt("limitResults", "int"), opt("startFromOffset", "int")];
    if (shape.preferences.verbose) prefs.push(opt("verbose", "boolean"));
    parts.push(opt("preferences", seq(...prefs)));
  }
  if (shape.filters === true) parts.push(opt("filters", seq(criteria)));
  if (shape.data !== undefined) parts.push(opt("data", seq({ ...shape.data, min: 1 })));
  return opt("ServiceRequest", { all: parts });
}
