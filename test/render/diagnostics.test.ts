import { describe, expect, it } from "vitest";
import type { Diagnostic } from "../../src/core/errors.js";
import { ANSI } from "../../src/render/color.js";
import { printDiagnostics } from "../../src/render/diagnostics.js";
import { formatDiagnostic } from "../../src/render/validate.js";

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

describe("diagnostics in colour", () => {
  const visible = (s: string) => s.replaceAll("\u001b[", "<").replaceAll(/(\d+)m/g, "$1>");
  it("prints Error: in bold red and Warning: in bold yellow", () => {
    let out = "";
    printDiagnostics({ write: (s: string) => (out += s) }, [finding(0), finding(9)], ANSI);
    expect(visible(out)).toBe("<31><1>Error:<22><39> seed 0 is not valid\n<33><1>Warning:<22><39> seed 9 is not valid\n");
  });

  it("prints validate's findings with the place in bold and the severity in its colour", () => {
    const d: Diagnostic = { ...finding(0), source: { file: "scans/a.yaml", line: 7, column: 28 } };
    expect(visible(formatDiagnostic(d, ANSI))).toBe("<1>scans/a.yaml:7:28<22>: <31>error MANIFEST_BAD_SEED<39>: seed 0 is not valid\n");
  });
});
