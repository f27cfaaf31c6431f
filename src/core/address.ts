/**
 * An address names one resource across manifests, state and plans: `<vendor>.<kind>.<name>`,
 * e.g. `hexiosec.scan.corp-perimeter`, `qualys.webApp.shop`. Names are manifest map keys, so an
 * address is unique by construction and stable while the key is.
 */
export type Address = string;

export interface AddressParts {
  readonly vendor: string;
  readonly kind: string;
  readonly name: string;
}

export const formatAddress = (p: AddressParts): Address => `${p.vendor}.${p.kind}.${p.name}`;

/** Splits at the first two dots; the name may itself contain dots. Undefined when malformed. */
export function parseAddress(address: string): AddressParts | undefined {
  const m = /^([a-z][a-zA-Z0-9]*)\.([a-z][a-zA-Z0-9]*)\.(.+)$/.exec(address);
  if (!m) return undefined;
  return { vendor: m[1]!, kind: m[2]!, name: m[3]! };
}

const collator = new Intl.Collator("en", { numeric: true });

/**
 * Addresses in the order people count: `s2` before `s10`. Digits compare as numbers; names the
 * collator holds equal (`s01`, `s1`) fall back to code units, so the order stays total and stable.
 */
export const compareAddresses = (a: string, b: string): number => collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
