/** Apply progress for a person at a terminal: one line per thing that happens, then every step's outcome. */
import type { Sink } from "../apply/events.js";
import type { Writable } from "../core/writable.js";
import { ApplyLines } from "./apply-lines.js";
import { palette } from "./color.js";

export function applyText(out: Writable, options: { readonly color: boolean }): Sink {
  const lines = new ApplyLines(palette(options.color));
  return (e) => {
    for (const line of lines.lines(e)) out.write(`${line}\n`);
  };
}
