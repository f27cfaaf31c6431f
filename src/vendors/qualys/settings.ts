/**
 * Connection settings (vendors/qualys.md §1.1, §1.3): the platform's API server URL (there is no
 * default: it depends on the subscription's platform), and the Qualys user name and password sent
 * with Basic auth.
 */
import { ScanformError } from "../../core/errors.js";
import type { CallLimit } from "../../http/types.js";
import type { ResolvedSettings } from "../driver.js";
import { CALLS_PER_HOUR, SETTINGS_ENV, VENDOR } from "./api.js";

export interface QualysSettings {
  readonly baseUrl: string;
  readonly username: string;
  readonly password: string;
  /** The subscription's budget as the user gave it (`callsPerHour`). */
  readonly callLimit?: CallLimit;
}

export function readSettings(settings: ResolvedSettings): QualysSettings {
  const missing = (["url", "username", "password"] as const).filter((name) => (settings[name] ?? "").trim() === "");
  if (missing.length > 0) {
    throw new ScanformError("VENDOR_SETTINGS", `${VENDOR}: missing ${missing.map((m) => `${m} (${SETTINGS_ENV[m]})`).join(", ")}`, {
      hint: "Set them in the manifest's `vendors.qualys` block or in the environment. The URL is your platform's API server (Help → About in the Qualys console, e.g. https://qualysapi.qg2.apps.qualys.com); the user needs the \"API Access\" permission.",
      detail: { vendor: VENDOR, missing },
    });
  }
  const url = (settings.url ?? "").trim().replace(/\/+$/, "");
  if (!/^https?:\/\//i.test(url)) {
    throw new ScanformError("VENDOR_SETTINGS", `${VENDOR}: url (${SETTINGS_ENV.url}) must be a full URL such as https://qualysapi.qg2.apps.qualys.com`, {
      detail: { vendor: VENDOR },
    });
  }
  const callLimit = callsPerHour(settings.callsPerHour);
  return { baseUrl: url, username: settings.username ?? "", password: settings.password ?? "", ...(callLimit === undefined ? {} : { callLimit }) };
}

function callsPerHour(value: string | undefined): CallLimit | undefined {
  const text = value?.trim() ?? "";
  if (text === "") return undefined;
  const n = Number(text);
  const where = `vendors.qualys.${CALLS_PER_HOUR.setting} (${SETTINGS_ENV.callsPerHour})`;
  if (!/^\d+$/.test(text) || n < CALLS_PER_HOUR.min || n > CALLS_PER_HOUR.max) {
    throw new ScanformError("VENDOR_SETTINGS", `${VENDOR}: ${where} must be a whole number of calls from ${CALLS_PER_HOUR.min} to ${CALLS_PER_HOUR.max.toLocaleString("en-US")}, not ${JSON.stringify(text.slice(0, 40))}`, {
      hint: "Set it to your subscription's API calls per hour if Qualys gave it one (Qualys documents no rate limit for WAS; Qualys Support can tell you yours), or leave it unset.",
      detail: { vendor: VENDOR, setting: CALLS_PER_HOUR.setting },
    });
  }
  return { calls: n, windowSeconds: 3600, source: `vendors.qualys.${CALLS_PER_HOUR.setting} or ${SETTINGS_ENV.callsPerHour}` };
}
