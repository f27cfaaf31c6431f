/**
 * `npm run demo` as a newcomer sees it: every step's header, the apply's summary, and a last plan
 * with no changes followed by the closing line. Emulated scans run for 300 ms, so with the demo's
 * one-second poll the wait finishes on its first or second poll.
 */
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { DEMO_FINISHED, demoSteps, runDemo } from "../../src/demo/run.js";
import { NO_CHANGES } from "../../src/plan/summary.js";

const manifests = fileURLToPath(new URL("../../scans", import.meta.url));

describe("runDemo", () => {
  it("shows every step, the apply summary, and ends with a plan of no changes and its closing line", async () => {
    let out = "";
    const write = (s: string) => void (out += s);
    const code = await runDemo({ stdout: { write }, stderr: { write }, env: {}, cwd: manifests }, { manifests, runDurationMs: 300 });
    expect(code).toBe(0);
    const headers = demoSteps("DIR").map((step, i) => out.indexOf(`\n━━ ${i + 1}. ${step.title}\n`));
    expect(headers.every((at, i) => at > (headers[i - 1] ?? -1))).toBe(true);
    expect(out).toMatch(/^(\d\d:\d\d:\d\d )?Apply: \d+ succeeded, 0 failed, 0 skipped\.$/m);
    expect(out.endsWith(`${NO_CHANGES}\n\n${DEMO_FINISHED}\n`)).toBe(true);
  }, 30_000);
});
