/**
 * Connection settings (vendors/cortex.md §2, §3): the API URL (a bare tenant FQDN gets `api-`
 * prepended), the key id, the key and its security level.
 */
import { ScanformError } from "../../core/errors.js";
import type { ResolvedSettings } from "../driver.js";
import { API_HOST_PREFIX, DEFAULT_KEY_TYPE, KEY_TYPES, SETTINGS_ENV, type KeyType } from "./api.js";
import type { AuthKey } from "./auth.js";

export interface CortexSettings extends AuthKey {
  readonly baseUrl: string;
}

export function readSettings(settings: ResolvedSettings): CortexSettings {
  const missing = (["url", "keyId", "key"] as const).filter((name) => (settings[name] ?? "").trim() === "");
  if (missing.length > 0) {
    throw new ScanformError("VENDOR_SETTINGS", `cortex: missing ${missing.map((m) => `${m} (${SETTINGS_ENV[m]})`).join(", ")}`, {
      hint: "Set them in the manifest's `vendors.cortex` block or in the environment. The URL is the tenant's \"Copy API URL\" (https://api-<tenant>.xdr.<region>.paloaltonetworks.com); the key id and key come from Settings → Configurations → Integrations → API Keys.",
      detail: { vendor: "cortex", missing },
    });
  }
  // The API Keys table shows "Advanced" and "Standard".
  const keyType = (settings.keyType ?? "").trim().toLowerCase() || DEFAULT_KEY_TYPE;
  if (!(KEY_TYPES as readonly string[]).includes(keyType)) {
    throw new ScanformError("VENDOR_SETTINGS", `cortex: keyType (${SETTINGS_ENV.keyType}) is ${JSON.stringify(keyType)}, not standard or advanced`, {
      hint: "Use the key's Security Level as shown in the API Keys table: standard or advanced.",
      detail: { vendor: "cortex", keyType },
    });
  }
  return { baseUrl: apiUrl((settings.url ?? "").trim()), keyId: (settings.keyId ?? "").trim(), key: (settings.key ?? "").trim(), keyType: keyType as KeyType };
}

/** §2: a full URL is used as given (without a trailing slash); a bare FQDN becomes https://api-FQDN. */
export function apiUrl(url: string): string {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) return url.replace(/\/+$/, "");
  const host = url.replace(/\/+$/, "").toLowerCase();
  return `https://${host.startsWith(API_HOST_PREFIX) ? host : API_HOST_PREFIX + host}`;
}
