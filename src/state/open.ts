/**
 * From the manifests' `state` block to a backend. `resolve` is the manifest's `${VAR}` resolver,
 * passed in so state does not depend on manifest internals; it is called only here, when the
 * backend is about to be contacted, so `validate` never needs the database password.
 */
import { stat } from "node:fs/promises";
import { dirname, join, resolve as resolvePath } from "node:path";
import type { StateSettings } from "../manifest/model.js";
import type { StateBackend } from "./capabilities.js";
import { LocalBackend } from "./local/local-backend.js";
import { openPostgresBackend } from "./postgres/postgres-backend.js";

export interface OpenBackendOptions {
  /** The directory of the manifests; a relative local `path` is taken from here. */
  readonly baseDir: string;
  /** Names who holds a lock the backend takes for itself. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Expands `${VAR}` in a template; `where` names the setting in its errors (e.g. `state.url`). */
  readonly resolve: (template: string, where: string) => string;
}

/** Where the local backend keeps its file when the manifests do not say. */
export const DEFAULT_LOCAL_PATH = join(".scanform", "state.json");

export const DEFAULT_WORKSPACE = "default";

export async function openBackend(settings: StateSettings, options: OpenBackendOptions): Promise<StateBackend> {
  switch (settings.backend) {
    case "local":
      return new LocalBackend(resolvePath(options.baseDir, settings.path ?? DEFAULT_LOCAL_PATH), { env: options.env });
    case "postgres":
      return openPostgresBackend({
        url: options.resolve(settings.url, "state.url"),
        workspace: settings.workspace ?? DEFAULT_WORKSPACE,
      });
  }
}

/**
 * The manifests' directory, which anchors the local state: the first path if it is a directory,
 * the directory of the first path if it is a file, else `cwd`. Every command that opens the state
 * from manifest paths must use this, so they all find the same file.
 */
export async function manifestBaseDir(paths: readonly string[], cwd: string): Promise<string> {
  const first = paths[0];
  if (first === undefined) return cwd;
  const absolute = resolvePath(cwd, first);
  const isDirectory = await stat(absolute).then((s) => s.isDirectory(), () => false);
  return isDirectory ? absolute : dirname(absolute);
}
