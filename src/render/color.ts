/**
 * Colour for terminal output: on for a terminal, off with `--no-color`, with `NO_COLOR` set to
 * anything but the empty string (no-color.org), and whenever output is not a terminal (CI logs,
 * files, pipes). Renderers take a Palette, so they never look at the environment themselves.
 */
export interface Palette {
  readonly green: (s: string) => string;
  readonly red: (s: string) => string;
  readonly yellow: (s: string) => string;
  readonly cyan: (s: string) => string;
  readonly bold: (s: string) => string;
  readonly dim: (s: string) => string;
}

const sgr = (open: number, close: number) => (s: string) => (s === "" ? s : `\u001b[${open}m${s}\u001b[${close}m`);

export const ANSI: Palette = { green: sgr(32, 39), red: sgr(31, 39), yellow: sgr(33, 39), cyan: sgr(36, 39), bold: sgr(1, 22), dim: sgr(2, 22) };

const same = (s: string): string => s;
export const PLAIN: Palette = { green: same, red: same, yellow: same, cyan: same, bold: same, dim: same };

export function useColor(stream: { readonly isTTY?: boolean }, env: Readonly<Record<string, string | undefined>>, noColorFlag: boolean): boolean {
  if (noColorFlag) return false;
  if (env["NO_COLOR"] !== undefined && env["NO_COLOR"] !== "") return false;
  return stream.isTTY === true;
}

export const palette = (color: boolean): Palette => (color ? ANSI : PLAIN);
