/**
 * IP address text ⇄ integers, so targets can be compared, masked and printed in one canonical
 * form (IPv4 dotted decimal without leading zeros; IPv6 per RFC 5952: lower case, no leading
 * zeros, the first longest run of two or more zero groups shortened to `::`).
 */

export type IpFamily = 4 | 6;

export interface Ip {
  readonly family: IpFamily;
  readonly value: bigint;
}

export const ipBits = (family: IpFamily): number => (family === 4 ? 32 : 128);

/** Why a dotted-decimal text is not an IPv4 address, or undefined when it is one. */
export function ipv4Problem(text: string): string | undefined {
  const parts = text.split(".");
  if (parts.length !== 4) return `an IPv4 address has 4 dot-separated numbers, this has ${parts.length}`;
  for (const part of parts) {
    if (!/^\d+$/.test(part)) return `"${part}" is not a number from 0 to 255`;
    if (part.length > 1 && part.startsWith("0")) return `"${part}" has a leading zero, which some tools read as octal`;
    if (Number(part) > 255) return `${part} is above 255`;
  }
  return undefined;
}

/**
 * The address `text` writes when ipv4Problem finds nothing wrong with it, else undefined. One pass
 * over the characters, with no strings or patterns: every seed and target of a configuration, and
 * every seed a vendor returns, is tried as an address, and ipv4Problem's splitting and matching
 * (twice, to check and then to read) was most of the work of normalising a range.
 */
export function parseIpv4(text: string): Ip | undefined {
  let value = 0;
  let part = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x2e) {
      if (digits === 0 || dots === 3) return undefined;
      value = value * 256 + part;
      part = 0;
      digits = 0;
      dots++;
    } else if (c >= 0x30 && c <= 0x39) {
      // A leading zero (`010`) is refused, as some tools read it as octal.
      if (digits === 1 && part === 0) return undefined;
      part = part * 10 + (c - 0x30);
      if (part > 255) return undefined;
      digits++;
    } else {
      return undefined;
    }
  }
  if (digits === 0 || dots !== 3) return undefined;
  // Number arithmetic, one BigInt at the end: seeds and targets of a large configuration are mostly IPv4.
  return { family: 4, value: BigInt(value * 256 + part) };
}

export function parseIpv6(text: string): Ip | undefined {
  if (text.includes("%")) return undefined; // zone ids name an interface of one host, not a target
  const halves = text.split("::");
  if (halves.length > 2) return undefined;
  const groupsOf = (half: string): string[] => (half === "" ? [] : half.split(":"));
  const head = groupsOf(halves[0]!);
  const tail = halves.length === 2 ? groupsOf(halves[1]!) : [];
  const words: number[] = [];
  const all = [...head, ...tail];
  // An embedded IPv4 address may close the text (`::ffff:192.0.2.1`); it counts as two groups.
  const last = all[all.length - 1];
  let embedded: Ip | undefined;
  if (last !== undefined && last.includes(".")) {
    embedded = parseIpv4(last);
    if (embedded === undefined) return undefined;
    if (tail.length > 0) tail.pop();
    else head.pop();
  }
  const parseGroups = (groups: string[]): number[] | undefined => {
    const out: number[] = [];
    for (const g of groups) {
      if (!/^[0-9a-f]{1,4}$/i.test(g)) return undefined;
      out.push(parseInt(g, 16));
    }
    return out;
  };
  const h = parseGroups(head);
  const t = parseGroups(tail);
  if (h === undefined || t === undefined) return undefined;
  const used = h.length + t.length + (embedded ? 2 : 0);
  if (halves.length === 1 && used !== 8) return undefined;
  if (halves.length === 2 && used > 7) return undefined;
  words.push(...h, ...new Array<number>(8 - used).fill(0), ...t);
  let value = 0n;
  for (const w of words) value = (value << 16n) | BigInt(w);
  if (embedded) value = (value << 32n) | embedded.value;
  return { family: 6, value };
}

export function formatIp(ip: Ip): string {
  if (ip.family === 4) {
    const n = Number(ip.value);
    return `${n >>> 24}.${(n >>> 16) & 0xff}.${(n >>> 8) & 0xff}.${n & 0xff}`;
  }
  const words: number[] = [];
  for (let shift = 112n; shift >= 0n; shift -= 16n) words.push(Number((ip.value >> shift) & 0xffffn));
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8; ) {
    if (words[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && words[j] === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = (ws: number[]): string => ws.map((w) => w.toString(16)).join(":");
  if (bestStart < 0) return hex(words);
  return `${hex(words.slice(0, bestStart))}::${hex(words.slice(bestStart + bestLength))}`;
}

/** The network address of `ip` under a prefix of `prefix` bits. */
export function networkOf(ip: Ip, prefix: number): Ip {
  const hostBits = BigInt(ipBits(ip.family) - prefix);
  return { family: ip.family, value: (ip.value >> hostBits) << hostBits };
}
