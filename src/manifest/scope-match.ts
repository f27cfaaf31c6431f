/**
 * Is a normalised seed, target or URL host inside a scope? Pure set arithmetic: names match by
 * label suffix, addresses as intervals of integers, so a CIDR or a-b range is inside only when
 * every address of it is covered by the union of the scope's networks (a /23 half inside is not).
 */
import { formatIp, ipBits, parseIpv4, parseIpv6, type Ip, type IpFamily } from "./ip.js";
import { normaliseTarget, type TargetType } from "./targets.js";

/** One scope entry: a domain with its subdomains (or, written `*.name`, its subdomains only), or addresses. */
export type ScopeMatcher =
  | { readonly kind: "domain"; readonly name: string; readonly subdomainsOnly: boolean }
  | { readonly kind: "network"; readonly family: IpFamily; readonly low: bigint; readonly high: bigint };

/** `changed`: normalising changed what the entry means (host bits set: a wider network), as targets.ts says it. */
export type ParsedScopeEntry = { readonly ok: true; readonly matcher: ScopeMatcher; readonly changed?: string } | { readonly ok: false; readonly message: string };

export function parseScopeEntry(written: string): ParsedScopeEntry {
  const text = written.trim();
  const subdomainsOnly = text.startsWith("*.");
  const normalised = normaliseTarget(text);
  if (!normalised.ok) return normalised;
  const changed = normalised.changed === undefined ? {} : { changed: normalised.changed };
  if (normalised.type === "domain") return { ok: true, matcher: { kind: "domain", name: normalised.value, subdomainsOnly }, ...changed };
  const interval = intervalOf(normalised.value, normalised.type);
  return { ok: true, matcher: { kind: "network", ...interval }, ...changed };
}

interface Interval {
  readonly family: IpFamily;
  readonly low: bigint;
  readonly high: bigint;
}

const parseIp = (text: string): Ip => (text.includes(":") ? parseIpv6(text) : parseIpv4(text))!;

/** The addresses a normalised (already valid) non-domain target covers. */
function intervalOf(value: string, type: Exclude<TargetType, "domain">): Interval {
  if (type === "range") {
    const [a, b] = value.split("-") as [string, string];
    const low = parseIp(a);
    return { family: low.family, low: low.value, high: parseIp(b).value };
  }
  if (type === "cidr") {
    const [address, prefix] = value.split("/") as [string, string];
    const ip = parseIp(address);
    const hostBits = BigInt(ipBits(ip.family) - Number(prefix));
    return { family: ip.family, low: ip.value, high: ip.value + (1n << hostBits) - 1n };
  }
  const ip = parseIp(value);
  return { family: ip.family, low: ip.value, high: ip.value };
}

export type ScopeVerdict =
  | { readonly inside: true }
  | {
      readonly inside: false;
      /** What lies outside, when only part of a range does, e.g. `10.0.1.0-10.0.1.255`. */
      readonly outsidePart?: string;
      /** Index of the entry closest to the value, for the message; undefined when the scope has none of its kind. */
      readonly nearest?: number;
    };

/** Checks one normalised value (see targets.ts) against the entries of one scope. */
export function checkInScope(value: string, type: TargetType, entries: readonly ScopeMatcher[]): ScopeVerdict {
  return type === "domain" ? checkName(value, entries) : checkAddresses(intervalOf(value, type), entries);
}

function checkName(name: string, entries: readonly ScopeMatcher[]): ScopeVerdict {
  let nearest: number | undefined;
  let nearestShared = -1;
  const labels = name.split(".");
  for (const [i, entry] of entries.entries()) {
    if (entry.kind !== "domain") continue;
    const below = name.endsWith(`.${entry.name}`);
    if (below || (name === entry.name && !entry.subdomainsOnly)) return { inside: true };
    const shared = sharedSuffix(labels, entry.name.split("."));
    if (shared > nearestShared) {
      nearest = i;
      nearestShared = shared;
    }
  }
  return { inside: false, ...(nearest === undefined ? {} : { nearest }) };
}

const sharedSuffix = (a: readonly string[], b: readonly string[]): number => {
  let n = 0;
  while (n < a.length && n < b.length && a[a.length - 1 - n] === b[b.length - 1 - n]) n++;
  return n;
};

function checkAddresses(subject: Interval, entries: readonly ScopeMatcher[]): ScopeVerdict {
  const networks = entries.flatMap((e, index) => (e.kind === "network" && e.family === subject.family ? [{ ...e, index }] : []));
  const gap = firstGap(subject, networks);
  if (gap === undefined) return { inside: true };
  let nearest: number | undefined;
  let best: bigint | undefined;
  for (const n of networks) {
    const distance = n.high < gap.low ? gap.low - n.high : n.low > gap.high ? n.low - gap.high : 0n;
    if (best === undefined || distance < best) {
      best = distance;
      nearest = n.index;
    }
  }
  const whole = gap.low === subject.low && gap.high === subject.high;
  return {
    inside: false,
    ...(whole ? {} : { outsidePart: describe(gap) }),
    ...(nearest === undefined ? {} : { nearest }),
  };
}

/** The first stretch of `subject` that no network covers, or undefined when all of it is covered. */
function firstGap(subject: Interval, networks: readonly Interval[]): Interval | undefined {
  const sorted = [...networks].sort((a, b) => (a.low < b.low ? -1 : a.low > b.low ? 1 : 0));
  let next = subject.low;
  for (const n of sorted) {
    if (n.high < next) continue;
    if (n.low > next) break;
    next = n.high + 1n;
    if (next > subject.high) return undefined;
  }
  const following = sorted.find((n) => n.low > next);
  const high = following === undefined || following.low - 1n > subject.high ? subject.high : following.low - 1n;
  return { family: subject.family, low: next, high };
}

function describe(i: Interval): string {
  const low = formatIp({ family: i.family, value: i.low });
  return i.low === i.high ? low : `${low}-${formatIp({ family: i.family, value: i.high })}`;
}
