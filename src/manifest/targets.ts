/**
 * Seeds (Hexiosec) and targets (Cortex) are typed by their value and normalised before anything
 * compares them, so `Example.COM.`, `https://example.com/login` and `example.com` are one seed, and
 * `10.0.0.7/24` is `10.0.0.0/24`. Drivers use `type` to pick the vendor's seed or target kind.
 */
import { domainToASCII } from "node:url";
import { formatIp, ipBits, ipv4Problem, networkOf, parseIpv4, parseIpv6, type Ip } from "./ip.js";
import { quote } from "./quote.js";

export type TargetType = "domain" | "ipv4" | "ipv6" | "cidr" | "range";

export type NormalisedTarget =
  | {
      readonly ok: true;
      readonly value: string;
      readonly type: TargetType;
      /**
       * Set when normalising changed what the value means, not just its spelling: host bits of a
       * CIDR cleared (the network is wider than the address written), or a port, path or query
       * dropped. Says what was lost, for a warning where the value is written.
       */
      readonly changed?: string;
    }
  | { readonly ok: false; readonly message: string };

type Result = NormalisedTarget;

const fail = (message: string): Result => ({ ok: false, message });

/** Looks like an attempt at an IP address rather than a name, so its errors speak of addresses. */
const ipLike = (text: string): boolean => text.includes(":") || /^[\d.]+$/.test(text);

/**
 * A domain already in the form normaliseDomain gives: lower case, labels of letters, digits and
 * inner hyphens, none an IDNA label (`xn--`, which the IDNA step checks), a last label that starts
 * with a letter (so it is no number), at most 253 characters. It is its own normal form. Most
 * values are so, a vendor's seeds above all (10,000 read by a plan of issue 14's mixed set): the
 * general path took 24 ms for 10,000 of them warm, this test 1.5 ms.
 */
const CANONICAL_DOMAIN = /^(?=.{1,253}$)(?:(?!xn--)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?!xn--)[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

export function normaliseTarget(value: string): NormalisedTarget {
  const text = value.trim();
  if (text === "") return fail("the value is empty; write a domain, an IP address, a CIDR or an a-b range");
  if (CANONICAL_DOMAIN.test(text)) return { ok: true, value: text, type: "domain" };
  // Quoted only for a message: most values are fine, and a large configuration has tens of thousands.
  let cached: string | undefined;
  const quoted = (): string => (cached ??= quote(value));

  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(text);
  if (scheme) return normaliseUrl(text, quoted);

  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(text);
  if (bracketed) return dropping(normaliseAddress(bracketed[1]!, quoted), bracketed[2] === undefined ? [] : [`the port ${bracketed[2]}`]);

  const slash = text.indexOf("/");
  if (slash >= 0) {
    const head = text.slice(0, slash);
    if (ipLike(head)) return normaliseCidr(head, text.slice(slash + 1), quoted);
    return dropping(normaliseDomain(head, quoted), [`the path ${quote(text.slice(slash))}`]);
  }

  const ends = text.split("-");
  if (ends.length === 2 && ipLike(ends[0]!) && ipLike(ends[1]!)) return normaliseRange(ends[0]!, ends[1]!, quoted);

  const hostPort = /^([^:]+):(\d+)$/.exec(text);
  if (hostPort) return dropping(normaliseTarget(hostPort[1]!), [`the port ${hostPort[2]!}`]);

  if (ipLike(text)) return normaliseAddress(text, quoted);
  return normaliseDomain(text, quoted);
}

/** The target is a host: what a URL or `host:port/path` said beyond it is not scanned as written. */
function dropping(result: Result, lost: readonly string[]): Result {
  if (!result.ok || lost.length === 0) return result;
  const words = lost.length === 1 ? lost[0]! : `${lost.slice(0, -1).join(", ")} and ${lost[lost.length - 1]!}`;
  return { ...result, changed: `${words} ${lost.length === 1 ? "is" : "are"} dropped: the whole host ${quote(result.value)} is scanned` };
}

function normaliseUrl(text: string, quoted: () => string): Result {
  let host: string;
  let lost: string[];
  try {
    const url = new URL(text);
    host = url.hostname;
    lost = [
      ...(url.port === "" ? [] : [`the port ${url.port}`]),
      ...(url.pathname === "" || url.pathname === "/" ? [] : [`the path ${quote(url.pathname)}`]),
      ...(url.search === "" ? [] : [`the query ${quote(url.search)}`]),
    ];
  } catch {
    return fail(`${quoted()} looks like a URL but cannot be parsed; write just the host name, e.g. example.com`);
  }
  if (host === "") return fail(`${quoted()} is a URL without a host name; write just the host name, e.g. example.com`);
  const unbracketed = host.startsWith("[") ? host.slice(1, -1) : host;
  return dropping(ipLike(unbracketed) ? normaliseAddress(unbracketed, quoted) : normaliseDomain(unbracketed, quoted), lost);
}

type Parsed = { ok: true; ip: Ip } | { ok: false; message: string };

function parseAddress(text: string, quoted: () => string): Parsed {
  const subject = (): string => (quote(text) === quoted() ? quoted() : `${quoted()}: ${quote(text)}`);
  if (text.includes(":")) {
    const ip = parseIpv6(text);
    return ip ? { ok: true, ip } : { ok: false, message: `${subject()} is not a valid IPv6 address` };
  }
  const ip = parseIpv4(text);
  if (ip !== undefined) return { ok: true, ip };
  return { ok: false, message: `${subject()} is not a valid IPv4 address (${ipv4Problem(text)!})` };
}

function normaliseAddress(text: string, quoted: () => string): Result {
  const parsed = parseAddress(text, quoted);
  if (!parsed.ok) return fail(parsed.message);
  return { ok: true, value: formatIp(parsed.ip), type: parsed.ip.family === 4 ? "ipv4" : "ipv6" };
}

function normaliseCidr(addressText: string, prefixText: string, quoted: () => string): Result {
  const parsed = parseAddress(addressText, quoted);
  if (!parsed.ok) return fail(parsed.message);
  const bits = ipBits(parsed.ip.family);
  const family = `IPv${parsed.ip.family}`;
  if (!/^\d{1,3}$/.test(prefixText)) {
    return fail(`${quoted()}: prefix length "${prefixText}" is not a number; write 0-${bits} after the slash`);
  }
  const prefix = Number(prefixText);
  if (prefix > bits) return fail(`${quoted()}: prefix length ${prefix} is out of range for ${family} (0-${bits})`);
  const network = networkOf(parsed.ip, prefix);
  const value = `${formatIp(network)}/${prefix}`;
  if (network.value === parsed.ip.value) return { ok: true, value, type: "cidr" };
  const size = bits - prefix <= 32 ? (2 ** (bits - prefix)).toLocaleString("en-US") : `2^${bits - prefix}`;
  return { ok: true, value, type: "cidr", changed: `host bits are set: it is read as the network ${quote(value)}, ${size} addresses, not the one address ${formatIp(parsed.ip)}` };
}

function normaliseRange(startText: string, endText: string, quoted: () => string): Result {
  const start = parseAddress(startText, quoted);
  if (!start.ok) return fail(start.message.replace(`${quoted()}: `, `${quoted()}: range start `));
  const end = parseAddress(endText, quoted);
  if (!end.ok) return fail(end.message.replace(`${quoted()}: `, `${quoted()}: range end `));
  const a = formatIp(start.ip);
  const b = formatIp(end.ip);
  if (start.ip.family !== end.ip.family) {
    return fail(`${quoted()}: range mixes IPv${start.ip.family} (${a}) and IPv${end.ip.family} (${b}); both ends must be the same family`);
  }
  if (start.ip.value > end.ip.value) return fail(`${quoted()}: range start ${a} is above its end ${b}; swap them`);
  return { ok: true, value: `${a}-${b}`, type: "range" };
}

const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

function normaliseDomain(text: string, quoted: () => string): Result {
  let name = text.toLowerCase();
  if (name.startsWith("*.")) name = name.slice(2);
  if (name.endsWith(".")) name = name.slice(0, -1);
  const ascii = domainToASCII(name);
  if (ascii === "") return fail(`${quoted()} is not a valid domain name (it has characters a domain cannot hold)`);
  const labels = ascii.split(".");
  if (labels.length < 2) return fail(`${quoted()} is not a fully qualified domain name; write e.g. example.com`);
  for (const label of labels) {
    if (label === "") return fail(`${quoted()} has an empty label (two dots in a row)`);
    if (label.length > 63) return fail(`${quoted()}: the label "${label.slice(0, 20)}…" is longer than 63 characters`);
    if (!LABEL.test(label)) {
      return fail(`${quoted()}: the label "${label}" may hold only letters, digits and inner hyphens`);
    }
  }
  if (ascii.length > 253) return fail(`${quoted()} is longer than 253 characters, the limit for a domain name`);
  if (/^\d+$/.test(labels[labels.length - 1]!)) return fail(`${quoted()} is neither a valid IP address nor a domain name`);
  return { ok: true, value: ascii, type: "domain" };
}
