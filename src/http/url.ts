/**
 * Which base URLs scanform will talk to: HTTPS with verified certificates, or plain http to a
 * loopback address (the emulators). Anything else would send credentials in the clear.
 */
import { ScanformError } from "../core/errors.js";

export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, "").toLowerCase();
  if (host === "localhost" || host === "::1") return true;
  const v4 = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  return v4 !== null && v4.slice(1).every((octet) => Number(octet) <= 255);
}

/** Parses and checks a vendor's base URL. */
export function checkBaseUrl(vendor: string, baseUrl: string): URL {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new ScanformError("HTTP_INVALID_URL", `${vendor}: the URL is not valid`, {
      hint: "Give the vendor's API base URL, e.g. https://api.example.com.",
      detail: { vendor },
    });
  }
  // Never echo a URL carrying credentials: the user name or password would reach the terminal.
  if (url.username !== "" || url.password !== "") {
    throw new ScanformError("HTTP_INVALID_URL", `${vendor}: the URL must not contain a user name or password`, {
      hint: "Put credentials in the vendor's settings (environment variables), not in the URL.",
      detail: { vendor },
    });
  }
  const shown = `${url.protocol}//${url.host}`;
  if (url.protocol === "http:" && !isLoopbackHost(url.hostname)) {
    throw new ScanformError("HTTP_INSECURE_URL", `${vendor}: refusing plain http to ${shown}`, {
      hint: "Use https://. Plain http is accepted only for loopback addresses (127.0.0.0/8, localhost, ::1), where the emulators run.",
      detail: { vendor, origin: shown },
    });
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new ScanformError("HTTP_INVALID_URL", `${vendor}: unsupported scheme ${url.protocol} in ${shown}`, {
      hint: "Use an https:// URL.",
      detail: { vendor },
    });
  }
  if (url.search !== "" || url.hash !== "") {
    throw new ScanformError("HTTP_INVALID_URL", `${vendor}: the base URL must not have a query or fragment`, { detail: { vendor, origin: shown } });
  }
  return url;
}

/** The request target below the origin: base path, request path and query string. */
export function requestTarget(base: URL, path: string, query?: Readonly<Record<string, string | readonly string[]>>): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query ?? {})) {
    if (typeof value === "string") params.append(name, value);
    else for (const v of value) params.append(name, v);
  }
  const search = params.toString();
  // A URL's path is never empty ("/" at least), and "/api/" + "/scans" must not double the slash.
  return `${base.pathname.replace(/\/+$/, "")}${path}${search === "" ? "" : `?${search}`}`;
}

/**
 * Ids that cannot be one segment of a request path: an empty one drops out of the path, and
 * servers and proxies that tidy paths read "." and ".." as the folder around it (RFC 3986 §5.2.4),
 * escaped as %2e or not: a DELETE of `/scans/1/seeds/..` would delete the scan.
 */
export const namesNoPathSegment = (id: string): boolean => id === "" || id === "." || id === "..";

/** A vendor's id as one segment of a request path, or VENDOR_ID_INVALID for an id no path can name. */
export function pathSegment(id: string): string {
  if (namesNoPathSegment(id)) {
    throw new ScanformError("VENDOR_ID_INVALID", `the id ${JSON.stringify(id)} cannot name an object in a request path, so nothing was sent for it`, {
      hint: "A vendor never issues such an id: check the object at the vendor and the ids state holds for it (`scanform state show ADDRESS`).",
    });
  }
  return encodeURIComponent(id);
}
