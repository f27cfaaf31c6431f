/**
 * Which seed values the API accepts (sheet §4 "Valid seed values", docs "seeds-and-ips"): a domain
 * in simplified form (no scheme, path, port or trailing dot), an IPv4 or IPv6 address, or an IP
 * range written `a-b` or as a CIDR. Types are matched case-insensitively (sheet §4, case quirk).
 * Written apart from src/manifest on purpose: the emulator checks what the driver sends.
 */
import { isIPv4, isIPv6 } from "node:net";

export const SEED_TYPES = ["domain", "ipv4", "ipv6", "iprange"] as const;
export type SeedType = (typeof SEED_TYPES)[number];

export const seedTypeOf = (type: string): SeedType | undefined => SEED_TYPES.find((t) => t === type.toLowerCase());

const LABEL = "[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?";
const DOMAIN = new RegExp(`^(?:${LABEL}\\.)+${LABEL}$`, "i");

/** Why `name` is not a valid seed of `type`, or undefined when it is. */
export function seedProblem(type: SeedType, name: string): string | undefined {
  switch (type) {
    case "domain":
      if (name.length > 253 || !DOMAIN.test(name) || /^\d+$/.test(name.slice(name.lastIndexOf(".") + 1))) {
        return `"${name}" is not a domain in simplified form (e.g. example.com: no scheme, path, port or trailing dot)`;
      }
      return undefined;
    case "ipv4":
      return isIPv4(name) ? undefined : `"${name}" is not an IPv4 address`;
    case "ipv6":
      return isIPv6(name) ? undefined : `"${name}" is not an IPv6 address`;
    case "iprange":
      return rangeProblem(name);
  }
}

function rangeProblem(name: string): string | undefined {
  const slash = name.split("/");
  if (slash.length === 2) {
    const [address, prefix] = slash as [string, string];
    const bits = isIPv4(address) ? 32 : isIPv6(address) ? 128 : 0;
    if (bits === 0) return `"${name}": "${address}" is not an IP address`;
    if (!/^\d{1,3}$/.test(prefix) || Number(prefix) > bits) return `"${name}": the prefix length must be 0-${bits}`;
    return undefined;
  }
  const dash = name.split("-");
  if (dash.length === 2) {
    const [start, end] = dash as [string, string];
    const a = ipValue(start);
    const b = ipValue(end);
    if (a === undefined || b === undefined) return `"${name}": both ends of a range must be IP addresses`;
    if (a.family !== b.family) return `"${name}": both ends of a range must be of one family`;
    if (a.value > b.value) return `"${name}": the range starts above its end`;
    return undefined;
  }
  return `"${name}" is not an IP range (write 1.0.0.0-1.0.0.255 or 1.0.0.0/24)`;
}

function ipValue(text: string): { family: 4 | 6; value: bigint } | undefined {
  if (isIPv4(text)) return { family: 4, value: v4(text) };
  if (!isIPv6(text)) return undefined;
  let groups = text.toLowerCase();
  let tail = 0n;
  let tailGroups = 0;
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(groups);
  if (dotted) {
    tail = v4(dotted[1]!);
    tailGroups = 2;
    groups = groups.slice(0, -dotted[1]!.length).replace(/:$/, groups.endsWith("::" + dotted[1]!) ? ":" : "");
  }
  const [head = "", rest] = groups.split("::");
  const headWords = head === "" ? [] : head.split(":");
  const restWords = rest === undefined || rest === "" ? [] : rest.split(":");
  const fill = 8 - tailGroups - headWords.length - restWords.length;
  const words = [...headWords, ...(rest === undefined ? [] : new Array<string>(fill).fill("0")), ...restWords];
  let value = 0n;
  for (const w of words) value = (value << 16n) | BigInt(parseInt(w, 16));
  return { family: 6, value: (value << BigInt(tailGroups * 16)) | tail };
}

function v4(text: string): bigint {
  return text.split(".").reduce((acc, part) => (acc << 8n) | BigInt(Number(part)), 0n);
}
