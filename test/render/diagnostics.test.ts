import { describe, expect, it } from "vitest";
import type { Diagnostic } from "../../src/core/errors.js";
import { printDiagnostics } from "../../src/render/diagnostics.js";

const finding = (i: number): Diagnostic => ({ code: "MANIFEST_BAD_SEED", severity: i % 10 === 9 ? "warning" : "error", message: `seed ${i} is not valid` });

describe("printDiagnostics", () => {
  it("prints the first 100 findings, then counts the rest and says how to see them", () => {
    let out = "";
    printDiagnostics({ write: (s: string) => (out += s) }, Array.from({ length: 150 }, (_, i) => finding(i)));
    const lines = out.split("\n");
    expect(lines.filter((l) => /^(Error|Warning): seed/.test(l))).toHaveLength(100);
    expect(lines.at(-2)).toBe("… 50 more findings not shown (45 errors, 5 warnings); fix these first, or run `scanform validate --max-findings 0` to see them all.");
  });
});
