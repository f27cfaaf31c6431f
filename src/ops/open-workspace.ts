/**
 * The real OpenWorkspace: loads the manifests, opens the state backend they name and connects a
 * vendor's driver the first time a command needs it. Credentials are resolved only there, from
 * `${VAR}` templates or the driver's documented environment variables, and never leave memory.
 */
import { ScanformError } from "../core/errors.js";
import { traceFormat } from "../http/log.js";
import { createHttpClient, type ScanformHttpClient } from "../http/client.js";
import { httpLimitsFromEnv } from "../http/limits.js";
import { createRedactor, MIN_SECRET_LENGTH } from "../http/redact.js";
import { ownEntry } from "../core/own.js";
import { createRetryBudget } from "../http/retry.js";
import { loadDesired, missingVariables, resolveTemplate, variablesMissing, type LoadResult } from "../manifest/index.js";
import type { Desired } from "../manifest/model.js";
import { manifestBaseDir, openBackend } from "../state/open.js";
import type { Driver, ResolvedSettings, VendorSession } from "../vendors/driver.js";
import { drivers as registry } from "../vendors/index.js";
import type { OpenWorkspace, VendorConnection, Workspace, WorkspaceIO } from "./workspace.js";

/** Manifests that do not load; the caller prints every finding, as `scanform validate` does. */
export class ManifestInvalidError extends ScanformError {
  constructor(readonly result: Extract<LoadResult, { ok: false }>) {
    super("MANIFEST_INVALID", `The manifests have ${result.diagnostics.length} error${result.diagnostics.length === 1 ? "" : "s"}.`);
  }
}

export const openWorkspace: OpenWorkspace = async (paths, io, options = {}) => {
  // Read first: a bad SCANFORM_LOG stops the command before anything is opened.
  const trace = traceFormat(io.env, options.debug === true);
  const loaded = await loadDesired(paths.length > 0 ? paths : ["."], { cwd: io.cwd });
  if (!loaded.ok) throw new ManifestInvalidError(loaded);
  const desired = loaded.desired;
  const resolve = (template: string, where: string): string => resolveTemplate(template, io.env, where);
  // Read before the backend opens: a PostgreSQL pool opened, then left behind an error, held the process ~10 s.
  const retryBudget = createRetryBudget(200);
  const limits = httpLimitsFromEnv(io.env);
  const backend = await openBackend(desired.state, { baseDir: await manifestBaseDir(paths, io.cwd), env: io.env, resolve });
  const clients: ScanformHttpClient[] = [];
  const clientOf = new Map<string, ScanformHttpClient>();
  const connections = new Map<string, VendorConnection>();

  const connect = (vendor: string): VendorConnection => {
    const existing = connections.get(vendor);
    if (existing) return existing;
    const driver = registry.get(vendor);
    if (!driver) throw new ScanformError("VENDOR_UNKNOWN", `scanform has no driver for the vendor ${vendor}.`);
    let settings: ResolvedSettings;
    let session: VendorSession;
    try {
      settings = vendorSettings(driver, desired, io.env);
      session = driver.connect(settings, {
        now: () => new Date(),
        ...(limits.maxPages === undefined ? {} : { maxPages: limits.maxPages }),
        makeHttp: (http) => {
          const client = createHttpClient({
            ...http,
            urlSource: urlSource(driver),
            retryBudget,
            limits,
            proxy: { env: io.env, loopback: io.env["SCANFORM_PROXY_LOOPBACK"] === "1" },
            ...(trace === undefined ? {} : { logFormat: trace, log: (line: string) => void io.stderr.write(trace === "json" ? `${line}\n` : `[debug] ${line}\n`) }),
          });
          clients.push(client);
          clientOf.set(vendor, client);
          return client;
        },
      });
    } catch (e) {
      // Errors about settings may quote a value; what the environment gave is masked out of them.
      throw maskEnvironment(e, environmentValues(desired, io.env));
    }
    const connection = { driver, session, ...(settings["url"] === undefined ? {} : { url: settings["url"] }) };
    connections.set(vendor, connection);
    return connection;
  };

  const workspace: Workspace = {
    desired,
    backend,
    drivers: registry,
    connect,
    callLimit: (vendor) => clientOf.get(vendor)?.callLimit(),
    async close() {
      await Promise.all(clients.map((c) => c.close()));
      await backend.dispose();
    },
  };
  return workspace;
};

/** Where a person sets a vendor's base URL, for the message that says it is wrong. */
function urlSource(driver: Driver): string {
  const env = Object.hasOwn(driver.settingsEnv, "url") ? driver.settingsEnv["url"] : undefined;
  return `vendors.${driver.vendor}.url${env === undefined ? "" : ` (or ${env})`}`;
}

/**
 * Manifest value (templates resolved) first, then the driver's documented environment variable. A
 * secret shorter than MIN_SECRET_LENGTH is refused: no real key is that short, and masking it in
 * output would garble every word that holds it.
 */
export function vendorSettings(driver: Driver, desired: Desired, env: WorkspaceIO["env"]): ResolvedSettings {
  const written = desired.vendors[driver.vendor] ?? {};
  const missing = Object.keys(driver.settingsEnv).flatMap((key) => {
    const template = written[key];
    return template === undefined ? [] : missingVariables(template, env, `vendors.${driver.vendor}.${key}`);
  });
  if (missing.length > 0) throw variablesMissing(missing);
  const settings: Record<string, string> = {};
  for (const [key, envName] of Object.entries(driver.settingsEnv)) {
    const template = written[key];
    const value = template !== undefined ? resolveTemplate(template, env, `vendors.${driver.vendor}.${key}`) : env[envName];
    if (value === undefined || value === "") continue;
    const secret = driver.secretSettings.includes(key);
    if (secret && value.trim().length < MIN_SECRET_LENGTH) throw tooShort(driver.vendor, key, template, envName);
    // A secret pasted with a line end or a space: the vendor's server trims what it reads, so the
    // padded value would be the one masked, and the one it echoes would not be.
    settings[key] = secret ? value.trim() : value;
  }
  return settings;
}

/** Names where the value came from, never the value. */
function tooShort(vendor: string, key: string, template: string | undefined, envName: string): ScanformError {
  const variable = template === undefined ? envName : (/\$\{([A-Za-z_][A-Za-z0-9_]*)/.exec(template)?.[1] ?? `vendors.${vendor}.${key}`);
  return new ScanformError("VENDOR_SETTINGS", `${vendor}: ${variable} is shorter than ${MIN_SECRET_LENGTH} characters, too short to be a real ${key}`, {
    hint: `Set ${variable} to the full ${key} from the vendor's console.`,
    detail: { vendor, setting: key, variable },
  });
}

/**
 * What the environment gives the manifests: each variable a `${VAR}` in a vendor or state setting
 * names, and each driver's secret settings as resolved. Any may be a secret (a pull request can
 * write `callsPerHour: ${GITHUB_TOKEN}`), and a settings error that quotes its value, or a URL built
 * from it, must not print it. Values shorter than MIN_SECRET_LENGTH are masked only as whole words.
 */
function environmentValues(desired: Desired, env: WorkspaceIO["env"]): string[] {
  const values = new Set<string>();
  const add = (v: string | undefined): void => {
    if (v === undefined || v.trim().length < MIN_SECRET_LENGTH) return;
    for (const form of [v, v.trim(), v.trim().toLowerCase()]) values.add(form);
  };
  const templates = [...Object.values(desired.vendors).flatMap((s) => Object.values(s ?? {})), ...Object.values(desired.state)];
  for (const t of templates) if (typeof t === "string") for (const m of t.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g)) add(ownEntry(env, m[1]!));
  for (const driver of registry.values()) {
    const written = desired.vendors[driver.vendor] ?? {};
    for (const key of driver.secretSettings) {
      const envName = ownEntry(driver.settingsEnv, key);
      add(written[key] === undefined ? (envName === undefined ? undefined : ownEntry(env, envName)) : undefined);
    }
  }
  return [...values];
}

function maskEnvironment(e: unknown, values: readonly string[]): unknown {
  if (!(e instanceof ScanformError) || values.length === 0) return e;
  const mask = createRedactor(values);
  const detail = e.detail === undefined ? undefined : (JSON.parse(mask(JSON.stringify(e.detail))) as Record<string, unknown>);
  return new ScanformError(e.code, mask(e.message), {
    ...(e.hint === undefined ? {} : { hint: mask(e.hint) }),
    ...(e.source === undefined ? {} : { source: e.source }),
    ...(detail === undefined ? {} : { detail }),
  });
}
