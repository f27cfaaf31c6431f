/**
 * The validate+diff child is itself built the way scanform ships (bench/compile.ts) and run as a
 * process of its own; bench/scanform.ts builds scanform with esbuild when it is imported, so a
 * child that reaches it, however indirectly, dies at its start (it did once, through pipeline.ts).
 */
import { build } from "esbuild";
import { describe, expect, it } from "vitest";

describe("the validate+diff child", () => {
  it("never imports the bench's in-process build of scanform", async () => {
    const result = await build({
      entryPoints: ["bench/scenarios/validate-diff-child.ts"],
      bundle: true,
      write: false,
      metafile: true,
      platform: "node",
      format: "esm",
      packages: "external",
      logLevel: "silent",
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs).toContain("bench/scenarios/validate-diff-child.ts");
    expect(inputs.filter((f) => f === "bench/scanform.ts" || f === "scripts/build.mjs")).toEqual([]);
  });
});
