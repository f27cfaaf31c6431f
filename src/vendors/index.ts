/**
 * The registry of drivers: the core reaches vendors only through it. Adding a vendor is one folder
 * under src/vendors/, its emulator, one line here and its part of the manifest schema.
 */
import { cortexDriver } from "./cortex/driver.js";
import type { Driver } from "./driver.js";
import { hexiosecDriver } from "./hexiosec/driver.js";
import { qualysDriver } from "./qualys/driver.js";

export const drivers: ReadonlyMap<string, Driver> = new Map<string, Driver>([
  [cortexDriver.vendor, cortexDriver],
  [hexiosecDriver.vendor, hexiosecDriver],
  [qualysDriver.vendor, qualysDriver],
]);
