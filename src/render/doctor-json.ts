/**
 * `doctor --json`, in scanform's JSON convention (`format_version` "MAJOR.MINOR", snake_case;
 * schemas/doctor.schema.json). The wire names are mapped here, field by field, so internal names
 * can change without breaking consumers.
 */
import type { Diagnostic } from "../core/errors.js";
import type { JsonObject } from "../core/json.js";
import type { DoctorReport } from "../ops/doctor.js";

// 2.0: replaced `version: 1` and the internal camelCase report. 2.1: a proxy's `usable`.
export const DOCTOR_JSON_FORMAT_VERSION = "2.1";

export function doctorJson(report: DoctorReport): string {
  const s = report.state;
  return `${JSON.stringify(
    {
      format_version: DOCTOR_JSON_FORMAT_VERSION,
      ok: report.ok,
      vendors: report.vendors.map((v): JsonObject => {
        if (!v.ok) return { vendor: v.vendor, ok: false, error: wireError(v.error) };
        if (v.check === undefined) return { vendor: v.vendor, ok: true };
        const c = v.check;
        return {
          vendor: v.vendor,
          ok: true,
          check: {
            call: c.call,
            ...(c.clockSkewMs === undefined ? {} : { clock_skew_ms: c.clockSkewMs }),
            ...(c.maxClockSkewMs === undefined ? {} : { max_clock_skew_ms: c.maxClockSkewMs }),
            notes: [...c.notes],
          },
        };
      }),
      proxies: report.proxies.map((p) => ({ variable: p.variable, url: p.url, usable: p.usable })),
      state: s.ok
        ? {
            ok: true,
            backend: s.describe,
            ...(s.serial === undefined ? {} : { serial: s.serial }),
            ...(s.lock === undefined ? {} : { lock: { id: s.lock.id, who: s.lock.who, host: s.lock.host, pid: s.lock.pid, operation: s.lock.operation, created: s.lock.created } }),
          }
        : { ok: false, backend: s.describe, error: wireError(s.error) },
    },
    null,
    2,
  )}\n`;
}

const wireError = (d: Diagnostic): JsonObject => ({ code: d.code, message: d.message, ...(d.hint === undefined ? {} : { hint: d.hint }) });
