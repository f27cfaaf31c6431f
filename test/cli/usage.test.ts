/** How the command line answers a mistake, and what its help leaves out. */
import { describe, expect, it } from "vitest";
import { EXIT } from "../../src/core/exit-codes.js";
import { main } from "../../src/cli/main.js";
import { cliIO } from "../apply/workspace-fake.js";

async function scanform(...argv: string[]) {
  const { io, out, err } = cliIO();
  const code = await main(argv, io);
  return { code, stdout: out(), stderr: err() };
}

describe("the command line", () => {
  it("answers a usage error with one line and where to find help, not the whole help", async () => {
    const r = await scanform("plan", "--bogus");
    expect(r.code).toBe(EXIT.error);
    expect(r.stderr).toBe("error: unknown option '--bogus'\n(run `scanform --help`, or `scanform COMMAND --help`, for usage)\n");
  });

  it.each(["plan", "apply"])("%s --help shows no parser default like (default: [])", async (command) => {
    const r = await scanform(command, "--help");
    expect(r.stdout).toContain("--target <address>");
    expect(r.stdout).not.toContain("(default: [])");
  });

  // Node runs a timer longer than 2^31 - 1 ms at once: a lock wait of 1000h would not wait at all.
  it.each([["apply", "--lock-timeout", "1000h"], ["wait", "--poll-interval", "600h"]])("refuses %s %s %s, longer than a run can wait, as a usage error", async (...argv) => {
    const r = await scanform(...argv);
    expect(r.code).toBe(EXIT.error);
    expect(r.stderr).toMatch(/at most 596h/);
  });
});
