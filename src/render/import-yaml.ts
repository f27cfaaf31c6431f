/**
 * The manifest `scanform import` writes: one file per vendor, resources grouped by kind, keys
 * derived from the vendor's names, a comment above each naming the vendor's id, and `adopt: true`
 * so the next plan shows each as an import rather than refusing a same-named object.
 */
import { stringify } from "yaml";
import type { ImportOutcome } from "../ops/import.js";

export function importYaml(outcome: ImportOutcome, today: string): string {
  const lines = [
    `# Imported by \`scanform import --vendor ${outcome.vendor}\` on ${today}: objects made outside scanform.`,
    "# The next plan shows each as an import; only a reviewed apply records them in the state.",
    `${outcome.vendor}:`,
  ];
  const kinds = [...new Set(outcome.resources.map((r) => r.kind))].sort();
  for (const kind of kinds) {
    lines.push(`  ${kind}s:`);
    for (const r of outcome.resources.filter((x) => x.kind === kind)) {
      lines.push(`    # ${r.item.comment.replace(/[\r\n]+/g, " ")}`);
      const body = stringify({ [r.key]: r.adopt ? { ...r.item.spec, adopt: true } : r.item.spec }, { lineWidth: 0 }).trimEnd();
      lines.push(...body.split("\n").map((l) => `    ${l}`));
    }
  }
  return `${lines.join("\n")}\n`;
}
