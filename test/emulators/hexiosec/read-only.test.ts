import { describe, expect, it } from "vitest";
import { createManualClock } from "../../../src/emulators/core/clock.js";
import { createRandom } from "../../../src/emulators/core/random.js";
import { createHexiosecEmulator } from "../../../src/emulators/hexiosec/index.js";

const emulator = createHexiosecEmulator({ clock: createManualClock(0), random: createRandom(1) });
const readOnly = (method: string, path: string): boolean | undefined => emulator.readOnly?.({ method, path, query: new URLSearchParams(), headers: {}, body: "" });

describe("the Hexiosec emulator: which requests only read", () => {
  it.each([
    ["GET", "/api/auth", true],
    ["GET", "/api/v1/scan_groups", true],
    ["GET", "/api/v1/scans", true],
    ["GET", "/api/v1/scans/s-1", true],
    ["GET", "/api/v1/scans/s-1/seeds", true],
    ["POST", "/api/v1/scans", false],
    ["PATCH", "/api/v1/scans/s-1", false],
    ["DELETE", "/api/v1/scans/s-1", false],
    ["POST", "/api/v1/scans/s-1/seeds", false],
    ["DELETE", "/api/v1/scans/s-1/seeds/d-1", false],
    ["GET", "/api/v1/nowhere", false],
  ])("%s %s: %s", (method, path, expected) => {
    expect(readOnly(method, path)).toBe(expected);
  });
});
