/**
 * The compiler setting of src/core/jit.ts is a process's decision: the CLI's and the Action's
 * entry points make it before their work, and nothing a library caller imports makes it for them.
 */
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { JIT_FLAGS, tuneJitForShortRuns } from "../../src/core/jit.js";

const source = (path: string): string => readFileSync(path, "utf8");

describe("V8's compiler is set for short runs", () => {
  it("by bin/scanform.js, before the CLI runs", () => {
    const bin = source("bin/scanform.js");
    expect(bin.indexOf("tuneJitForShortRuns();")).toBeGreaterThan(-1);
    expect(bin.indexOf("tuneJitForShortRuns();")).toBeLessThan(bin.indexOf("await main("));
  });

  it("by the GitHub Action's entry, before the action runs", () => {
    const entry = source("src/ci/github/main.ts");
    expect(entry.indexOf("tuneJitForShortRuns();")).toBeGreaterThan(-1);
    expect(entry.indexOf("tuneJitForShortRuns();")).toBeLessThan(entry.indexOf("await runAction("));
  });

  it("by no other module of src/, so a program that imports scanform keeps its own", () => {
    const files = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : []));
    const callers = files("src").filter((p) => source(p).includes("tuneJitForShortRuns();"));
    expect(callers).toEqual([join("src", "ci", "github", "main.ts")]);
  });
});

describe("tuneJitForShortRuns", () => {
  it("sets the inlining budget and leaves out loop peeling and escape analysis", () => {
    const set: string[] = [];
    tuneJitForShortRuns([], (flags) => set.push(flags));
    expect(set).toEqual([JIT_FLAGS]);
    expect(JIT_FLAGS.split(" ")).toEqual(["--max-inlined-bytecode-size-cumulative=100", "--no-turbo-loop-peeling", "--no-turbo-escape"]);
  });

  it("leaves V8's own when node was started with any of those settings", () => {
    const set: string[] = [];
    tuneJitForShortRuns(["--max-inlined-bytecode-size-cumulative=920"], (flags) => set.push(flags));
    tuneJitForShortRuns(["--max_inlined_bytecode_size=460"], (flags) => set.push(flags));
    tuneJitForShortRuns(["--turbo-loop-peeling"], (flags) => set.push(flags));
    tuneJitForShortRuns(["--no_turbo_escape"], (flags) => set.push(flags));
    expect(set).toEqual([]);
  });

  it("sets them when node was started with other flags", () => {
    const set: string[] = [];
    tuneJitForShortRuns(["--enable-source-maps", "--max-old-space-size=4096"], (flags) => set.push(flags));
    expect(set).toEqual([JIT_FLAGS]);
  });

  it("names only flags this node's V8 knows", () => {
    // An unknown flag is not an error to V8, only a line on stderr: a rename would pass unseen.
    const known = execFileSync(process.execPath, ["--v8-options"], { encoding: "utf8" });
    for (const flag of JIT_FLAGS.split(" ")) expect(known).toContain(`  ${flag.replace(/^--no-/, "--").replace(/=.*$/, "")} `);
  });
});
