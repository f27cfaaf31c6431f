/** Ids the emulator hands out: UUIDs (the sheet's `scan_group_id` is one, §4), drawn from the seeded random so runs repeat. */
import type { EmuRandom } from "../core/types.js";

export function uuid(random: EmuRandom): string {
  const nibbles: number[] = [];
  for (let i = 0; i < 32; i++) nibbles.push(Math.floor(random.next() * 16));
  nibbles[12] = 4; // version 4
  nibbles[16] = 8 + ((nibbles[16] ?? 0) & 3); // RFC 4122 variant
  const hex = nibbles.map((n) => n.toString(16)).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export const isUuid = (text: string): boolean => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(text);
