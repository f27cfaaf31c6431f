/**
 * Colour for terminal output, by the usual conventions, strongest first: `--no-color` turns it off;
 * `FORCE_COLOR` turns it on even where output is not a terminal (GitHub Actions logs show colour),
 * or off when it is `0` or `false` (as Node and chalk read it); `NO_COLOR` set to anything but the
 * empty string turns it off (no-color.org); otherwise colour exactly on a terminal. Renderers take
 * a Palette, so they never look at the environment themselves.
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
  const force = env["FORCE_COLOR"];
  if (force !== undefined && force !== "") return force !== "0" && force.toLowerCase() !== "false";
  if (env["NO_COLOR"] !== undefined && env["NO_COLOR"] !== "") return false;
  return stream.isTTY === true;
}

/** The palette for one stream: stderr is judged on its own, since stdout may be piped while errors reach the terminal. */
export const paletteFor = (stream: { readonly isTTY?: boolean }, env: Readonly<Record<string, string | undefined>>, noColorFlag = false): Palette =>
  palette(useColor(stream, env, noColorFlag));

export const palette = (color: boolean): Palette => (color ? ANSI : PLAIN);
