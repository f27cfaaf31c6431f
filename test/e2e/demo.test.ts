/**
 * `npm run demo`, the README's first command on a fresh machine: validate → plan → apply --wait →
 * plan on scans/, against in-process emulators, must end in `No changes`.
 */
import { describe, expect, it } from "vitest";
import { runDemo } from "../../src/demo/run.js";
import { NO_CHANGES } from "../../src/plan/summary.js";
import { SCANS_DIR } from "./harness.js";

describe("npm run demo", () => {
  it("runs the whole round trip on scans/ and ends with a plan that has no changes", async () => {
    let out = "";
    const write = (s: string) => (out += s);
    const code = await runDemo({ stdout: { write }, stderr: { write }, env: {}, cwd: SCANS_DIR }, { manifests: SCANS_DIR, runDurationMs: 0 });
    expect(out).not.toMatch(/^Error/m);
    // 0: each step exited as the demo expects, the last plan with --detailed-exitcode included.
    expect(code).toBe(0);
    expect(out).toContain(NO_CHANGES);
  });
});
