// Types of scripts/build.mjs, for the bench and tests that build the way scanform ships.
import type { BuildOptions, BuildResult } from "esbuild";
export function bundle(entryPoints: Record<string, string>, outdir: string, options?: BuildOptions): Promise<BuildResult>;
