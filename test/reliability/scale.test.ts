/**
 * Issue 14: a plan and an apply of 20,000 resources render and run. The text renderer used to
 * spread every output line into one call and threw RangeError past ~120,000 lines, so `plan` and
 * `apply` of 10,500 resources exited 1 before any change. Both run here through the CLI, text
 * output included, against the emulators without latency, from an empty tenant and empty state.
 */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { EXIT } from "../../src/core/exit-codes.js";
import { startE2E, type E2E } from "../e2e/harness.js";
import { runScanform } from "./child.js";
import { fromRun, report } from "./figures.js";

/** Hexiosec scans (5 requests at once) and Qualys web apps (2): a mix the emulators serve quickly. */
const SCANS = 15_000;
const WEB_APPS = 4_999;
const RESOURCES = SCANS + WEB_APPS + 1;
const pad = (i: number) => String(i).padStart(5, "0");

let e2e: E2E;
beforeEach(async () => {
  e2e = await startE2E();
  await writeFile(join(e2e.dir, "hexiosec.yaml"), `hexiosec:\n  scans:\n${Array.from({ length: SCANS }, (_, i) => `    big-${pad(i)}: { group: Security, type: adhoc, enabled: false, seeds: [big-${pad(i)}.example.com] }\n`).join("")}`);
  await writeFile(
    join(e2e.dir, "qualys.yaml"),
    `qualys:\n  profiles:\n    standard: { name: Initial WAS Options }\n  webApps:\n${Array.from({ length: WEB_APPS }, (_, i) => `    big-${pad(i)}: { url: "https://big-${pad(i)}.example.com/", tags: [prod], defaultProfile: standard }\n`).join("")}`,
  );
});
afterEach(async () => {
  await e2e.close();
});

describe("scale", () => {
  it(`plans and applies ${RESOURCES.toLocaleString("en")} resources, rendering every line`, { timeout: 240_000 }, async (context) => {
    const plan = await runScanform(["plan", "--detailed-exitcode"], { cwd: e2e.dir, env: e2e.env, deadlineMs: 60_000 });
    expect(plan.code, plan.stderr).toBe(EXIT.changes);
    const apply = await runScanform(["apply", "--auto-approve"], { cwd: e2e.dir, env: e2e.env, deadlineMs: 180_000 });
    report(context, {
      ...fromRun("Scale", `plan, then apply, of ${RESOURCES.toLocaleString("en")} resources (no latency)`, apply, {
        "plan output": `${(plan.stdoutBytes / 1e6).toFixed(1)} MB in ${(plan.ms / 1000).toFixed(1)} s`,
        "apply output": `${(apply.stdoutBytes / 1e6).toFixed(1)} MB`,
        created: e2e.count("hexiosec", "createScan") + e2e.count("qualys", "createWebApp"),
      }),
    });
    expect(apply.code, apply.stderr).toBe(EXIT.ok);
    expect(e2e.count("hexiosec", "createScan")).toBe(SCANS);
    expect(e2e.count("qualys", "createWebApp")).toBe(WEB_APPS);
  });
});
