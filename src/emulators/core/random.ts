/**
 * Deterministic randomness for the emulators: the same seed and the same sequence of requests give
 * the same faults, jitter and generated ids, so a failing test or benchmark can be replayed.
 */
import type { EmuRandom } from "./types.js";

/** mulberry32: tiny, fast and good enough for test data; never for anything secret. */
export function createRandom(seed: number): EmuRandom {
  let a = seed >>> 0;
  return {
    next(): number {
      a = (a + 0x6d2b79f5) >>> 0;
      let t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    },
  };
}

/**
 * An independent seed for one consumer (a vendor, its faults, its jitter), so adding a vendor or
 * a draw in one stream never shifts the numbers another stream sees. FNV-1a over the label.
 */
export function deriveSeed(seed: number, label: string): number {
  let h = (0x811c9dc5 ^ (seed >>> 0)) >>> 0;
  for (let i = 0; i < label.length; i++) {
    h ^= label.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}
