/**
 * The emulators `startEmulators` and `scanform emulate` know: one line per vendor, added with the
 * vendor's emulator folder (src/emulators/<vendor>/index.ts).
 */
import type { VendorEmulator, VendorEmulatorContext } from "./core/types.js";
import { createCortexEmulator } from "./cortex/index.js";
import { createHexiosecEmulator } from "./hexiosec/index.js";
import { createQualysEmulator } from "./qualys/index.js";

export type EmulatorFactory = (ctx: VendorEmulatorContext, options?: Record<string, unknown>) => VendorEmulator;

export const emulatorFactories: Record<string, EmulatorFactory> = {
  cortex: createCortexEmulator,
  hexiosec: createHexiosecEmulator,
  qualys: createQualysEmulator,
};
