/** What `scanform doctor` prints: one line per check, the failures with their hints (JSON: doctor-json.ts). */
import type { DoctorReport } from "../ops/doctor.js";
import { formatHolder } from "../state/lock-info.js";

export function doctorText(report: DoctorReport): string {
  const lines: string[] = [];
  const width = Math.max(6, ...report.vendors.map((v) => v.vendor.length));
  if (report.vendors.length === 0) lines.push("Vendors: none in use (no resources in the manifests, nothing in the state).");
  for (const v of report.vendors) {
    const name = v.vendor.padEnd(width);
    if (!v.ok) {
      lines.push(`FAIL  ${name}  ${v.error.message} [${v.error.code}]`);
      if (v.error.hint) lines.push(`      ${"".padEnd(width)}  ${v.error.hint}`);
    } else if (v.check === undefined) {
      lines.push(`ok    ${name}  no key check for this vendor; its first call proves the credentials`);
    } else {
      const skew = v.check.clockSkewMs === undefined ? [] : [`clock ${clock(v.check.clockSkewMs)} (accepted: ${seconds(v.check.maxClockSkewMs ?? 0)})`];
      lines.push(`ok    ${name}  reachable, authenticated (${v.check.call})${[...skew, ...v.check.notes].map((n) => `; ${n}`).join("")}`);
    }
  }
  const s = report.state;
  if (s.ok) {
    const lock = s.lock ? `locked by ${formatHolder(s.lock)}` : "not locked";
    lines.push(`ok    ${"state".padEnd(width)}  ${s.describe}: reachable, ${s.serial === undefined ? "empty" : `serial ${s.serial}`}, ${lock}`);
  } else {
    lines.push(`FAIL  ${"state".padEnd(width)}  ${s.describe}: ${s.error.message} [${s.error.code}]`);
    if (s.error.hint) lines.push(`      ${"".padEnd(width)}  ${s.error.hint}`);
  }
  const usable = report.proxies.filter((p) => p.usable);
  if (report.proxies.length === 0) lines.push(`ok    ${"proxy".padEnd(width)}  none set; scanform connects to the vendors directly`);
  if (usable.length > 0) lines.push(`note  ${"proxy".padEnd(width)}  ${usable.map((p) => `${p.variable}=${p.url}`).join(", ")} set; scanform reaches the vendors through it, except loopback and hosts NO_PROXY names`);
  for (const p of report.proxies.filter((x) => !x.usable)) {
    lines.push(`FAIL  ${"proxy".padEnd(width)}  ${p.variable}=${p.url} is not an http(s) URL: every call to a vendor not on loopback fails (HTTP_INVALID_PROXY)`);
  }
  lines.push("", report.ok ? "Everything scanform needs is reachable and accepts its credentials." : "Some checks failed: plan and apply would fail the same way until they pass.");
  return `${lines.join("\n")}\n`;
}

const seconds = (ms: number): string => `${Math.round(Math.abs(ms) / 100) / 10} s`;
const clock = (skewMs: number): string => (skewMs === 0 ? "in step" : `${seconds(skewMs)} ${skewMs > 0 ? "behind" : "ahead of"} the vendor's`);
