/**
 * The standard proxy variables (HTTPS_PROXY, HTTP_PROXY, NO_PROXY, and their lower-case forms):
 * whether a vendor's origin is reached through a proxy, and the dispatcher that does it. The proxy
 * only ever sees a CONNECT to the vendor's host and port: the request, its auth headers included,
 * travel inside the tunnel (and inside TLS for https), never as headers sent to the proxy itself.
 */
import { Pool, ProxyAgent, type Dispatcher } from "undici";
import { ScanformError } from "../core/errors.js";
import { isLoopbackHost } from "./url.js";

export interface ProxySettings {
  /** Where the proxy variables are read from (the process environment, or a test's). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /**
   * Loopback addresses (the emulators) are reached directly whatever the variables say, unless
   * this is set: a corporate HTTPS_PROXY must not swallow `scanform emulate` traffic.
   */
  readonly loopback?: boolean;
}

const read = (env: ProxySettings["env"], name: string): string | undefined => {
  const value = env[name.toLowerCase()] ?? env[name];
  return value === undefined || value.trim() === "" ? undefined : value.trim();
};

/** Whether NO_PROXY exempts `url`: `*`, a host, a `.domain` or `domain` suffix, optionally with `:port`. */
function exempt(url: URL, noProxy: string | undefined): boolean {
  if (noProxy === undefined) return false;
  const host = url.hostname.replace(/^\[|\]$/g, "").toLowerCase();
  const port = url.port || (url.protocol === "https:" ? "443" : "80");
  for (const raw of noProxy.split(/[,\s]+/)) {
    const entry = raw.trim().toLowerCase();
    if (entry === "") continue;
    if (entry === "*") return true;
    const [name, entryPort] = hostAndPort(entry);
    if (entryPort !== undefined && entryPort !== port) continue;
    const domain = name.replace(/^\*?\./, "");
    if (host === domain || host.endsWith(`.${domain}`)) return true;
  }
  return false;
}

/** `host`, `host:port`, `[v6]`, `[v6]:port`, or a bare IPv6 address (more than one colon). */
function hostAndPort(entry: string): [string, string | undefined] {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
  if (bracketed !== null) return [bracketed[1] ?? "", bracketed[2]];
  const parts = entry.split(":");
  return parts.length === 2 ? [parts[0] ?? "", parts[1]] : [entry, undefined];
}

/** A proxy variable's value as a URL: without a scheme (`proxy.example.com:3128`, as curl takes it) it is http. Throws when it is none. */
export const parseProxy = (value: string): URL => new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`);

/** The proxy URL for `origin`, or undefined for a direct connection. */
export function proxyFor(origin: URL, settings: ProxySettings | undefined): URL | undefined {
  if (settings === undefined) return undefined;
  if (isLoopbackHost(origin.hostname) && settings.loopback !== true) return undefined;
  const value = origin.protocol === "https:" ? (read(settings.env, "HTTPS_PROXY") ?? read(settings.env, "HTTP_PROXY")) : read(settings.env, "HTTP_PROXY");
  if (value === undefined || exempt(origin, read(settings.env, "NO_PROXY"))) return undefined;
  try {
    const url = parseProxy(value);
    if (url.protocol === "http:" || url.protocol === "https:") return url;
  } catch {
    // Reported below, without echoing a value that may hold the proxy's password.
  }
  throw new ScanformError("HTTP_INVALID_PROXY", `the proxy variable for ${origin.protocol.replace(":", "")} is not an http(s) URL`, {
    hint: "Set HTTPS_PROXY (or HTTP_PROXY) to a URL such as http://proxy.example.com:3128, or unset it.",
  });
}

export interface DispatcherOptions {
  readonly connections: number;
  readonly connectTimeoutMs: number;
  readonly headersTimeoutMs: number;
  readonly bodyTimeoutMs: number;
}

/** A pool to the origin, or a tunnelling agent through its proxy; certificates are verified either way. */
export function createDispatcher(origin: URL, proxy: URL | undefined, o: DispatcherOptions): Dispatcher {
  const timeouts = { headersTimeout: o.headersTimeoutMs, bodyTimeout: o.bodyTimeoutMs };
  if (proxy === undefined) {
    return new Pool(origin.origin, { connections: o.connections, connect: { timeout: o.connectTimeoutMs, rejectUnauthorized: true }, ...timeouts });
  }
  return new ProxyAgent({
    uri: proxy.href,
    // Always a tunnel, for http origins too, so no request header ever reaches the proxy itself.
    proxyTunnel: true,
    connections: o.connections,
    connect: { timeout: o.connectTimeoutMs },
    requestTls: { rejectUnauthorized: true },
    ...timeouts,
  });
}

/** The proxy's own password, if its URL carries one: masked like a vendor secret. */
export const proxySecrets = (proxy: URL | undefined): string[] => (proxy === undefined || proxy.password === "" ? [] : [decodeURIComponent(proxy.password), proxy.password]);
