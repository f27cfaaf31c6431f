import { describe, expect, it } from "vitest";
import { createManualClock } from "../../../src/emulators/core/clock.js";
import { createRandom } from "../../../src/emulators/core/random.js";
import { createQualysEmulator } from "../../../src/emulators/qualys/index.js";

const emulator = createQualysEmulator({ clock: createManualClock(0), random: createRandom(1) });
const readOnly = (method: string, path: string): boolean | undefined => emulator.readOnly?.({ method, path, query: new URLSearchParams(), headers: {}, body: "" });

describe("the Qualys emulator: which requests only read", () => {
  it.each([
    ["POST", "/qps/rest/3.0/search/was/webapp", true],
    ["GET", "/qps/rest/3.0/count/was/wasscanschedule", true],
    ["GET", "/qps/rest/3.0/get/was/webapp/100001", true],
    ["GET", "/qps/rest/3.0/status/was/wasscan/300001", true],
    ["GET", "/qps/rest/portal/version", true],
    ["POST", "/qps/rest/3.0/create/was/webapp", false],
    ["POST", "/qps/rest/3.0/update/was/wasscanschedule/200001", false],
    ["POST", "/qps/rest/3.0/delete/was/webapp/100001", false],
    ["POST", "/qps/rest/3.0/launch/was/wasscan", false],
    ["GET", "/qps/rest/3.0/nowhere/was/webapp", false],
  ])("%s %s: %s", (method, path, expected) => {
    expect(readOnly(method, path)).toBe(expected);
  });
});
