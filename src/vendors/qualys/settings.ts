/**
 * Connection settings (vendors/qualys.md §1.1, §1.3): the platform's API server URL (there is no
 * default: it depends on the subscription's platform), and the Qualys user name and password sent
 * with Basic auth.
 */
import { ScanformError } from "../../core/errors.js";
import type { ResolvedSettings } from "../driver.js";
import { SETTINGS_ENV, VENDOR } from "./api.js";

export interface QualysSettings {
  readonly baseUrl: string;
  readonly username: string;
  readonly password: string;
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
  return { baseUrl: url, username: settings.username ?? "", password: settings.password ?? "" };
}
