/**
 * `vendors` and `state`: connection settings kept as written (templates unresolved), checked for
 * what can be checked without the environment: template syntax, secrets written literally, and
 * URLs that are literal.
 */
import type { Diagnostic, SourceLocation } from "../core/errors.js";
import { isLoopbackHost } from "../http/url.js";
import type { StateSettings, VendorSettings } from "./model.js";
import type { RawState } from "./raw.js";
import type { DocPath, ManifestSource } from "./source.js";
import { templateProblem } from "./templates.js";
import { quote } from "./quote.js";

/**
 * Why a vendor URL is refused, or undefined. HTTPS only; plain http for loopback (the emulators),
 * by the same rule the HTTP client applies at connect time. A URL holding `user:password@` is
 * refused whatever else it says, and named by its host alone: the credentials are never printed,
 * and come only from the settings made for them.
 */
export function vendorUrlProblem(text: string): string | undefined {
  // `${VAR}` is resolved only at connect time; a placeholder still shows where the parts are.
  const templated = text.includes("${");
  let url: URL;
  try {
    url = new URL(templated ? text.replace(TEMPLATE, "x") : text);
  } catch {
    return templated ? undefined : `${quote(text)} is not a URL`;
  }
  if (url.username !== "" || url.password !== "") return `the URL of ${url.host} holds credentials (withheld here); remove user:password@ and give them in the vendor's own settings as \${VAR}`;
  if (templated || url.protocol === "https:") return undefined;
  if (url.protocol === "http:" && isLoopbackHost(url.hostname)) return undefined;
  if (url.protocol === "http:") return `${quote(text)} uses plain http; vendors are reached over https only (http is allowed for loopback addresses)`;
  return `${quote(text)} is not an https URL`;
}

const TEMPLATE = /\$\{[^}]*\}/g;

export interface Located<T> {
  readonly value: T;
  readonly source: SourceLocation;
}

/**
 * `buildable` says which entries the schema has checked: the settings it knows are strings; a key
 * it does not know (already reported) may hold anything and is left out.
 */
export function buildVendors(
  raw: Readonly<Record<string, Readonly<Record<string, string>>>>,
  source: ManifestSource,
  diagnostics: Diagnostic[],
  buildable: (path: DocPath) => boolean,
): Map<string, Located<VendorSettings>> {
  const out = new Map<string, Located<VendorSettings>>();
  for (const [vendor, written] of Object.entries(raw)) {
    if (!buildable(["vendors", vendor])) continue;
    const settings: Record<string, string> = {};
    for (const [key, value] of Object.entries(written)) {
      const path = ["vendors", vendor, key];
      if (!buildable(path)) continue;
      // A count (vendors.qualys.callsPerHour) may be written as a YAML number; settings are text.
      const text = typeof value === "number" ? String(value) : value;
      settings[key] = text;
      const problem = templateProblem(text);
      if (problem !== undefined) diagnostics.push(source.diagnostic("MANIFEST_BAD_TEMPLATE", problem, path));
      else if (key === "url") {
        const urlProblem = vendorUrlProblem(text);
        if (urlProblem !== undefined) diagnostics.push(source.diagnostic("MANIFEST_BAD_URL", urlProblem, path));
      }
    }
    out.set(vendor, { value: settings, source: source.locate(["vendors", vendor], true) });
  }
  return out;
}

export function buildState(raw: RawState, source: ManifestSource, diagnostics: Diagnostic[]): StateSettings {
  const where = source.locate(["state"], true);
  if (raw.backend === "local") {
    return { backend: "local", ...(raw.path === undefined ? {} : { path: raw.path }), source: where };
  }
  const url = raw.url ?? "";
  const path = ["state", "url"];
  const problem = templateProblem(url);
  if (problem !== undefined) diagnostics.push(source.diagnostic("MANIFEST_BAD_TEMPLATE", problem, path));
  else if (!url.includes("${")) {
    let parsed: URL | undefined;
    try {
      parsed = new URL(url);
    } catch {
      parsed = undefined;
    }
    // The URL itself is never echoed: it may carry a password.
    // `postgres:user:pw@host/db` (no //) parses with no host and the whole rest as its path.
    if (parsed === undefined || !/^postgres(ql)?:$/.test(parsed.protocol) || parsed.host === "") {
      diagnostics.push(source.diagnostic("MANIFEST_BAD_URL", `the postgres url is not a postgres:// URL`, path, { hint: "Write ${SCANFORM_PG_URL} and export it, or a postgres://host/db URL without a password." }));
    } else if (parsed.password !== "") {
      diagnostics.push(source.diagnostic("MANIFEST_SECRET_LITERAL", `the postgres url holds a password written literally`, path));
    }
  }
  return { backend: "postgres", url, ...(raw.workspace === undefined ? {} : { workspace: raw.workspace }), source: where };
}
