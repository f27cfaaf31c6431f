/**
 * What the state commands open: the manifests of `paths`, and the state backend they name, found
 * the same way plan and apply find it. No vendor is contacted and no vendor credential is read.
 */
import type { Diagnostic } from "../core/errors.js";
import { loadDesired, resolveTemplate } from "../manifest/index.js";
import type { Desired } from "../manifest/model.js";
import type { StateBackend } from "../state/capabilities.js";
import { manifestBaseDir, openBackend } from "../state/open.js";
import type { WorkspaceIO } from "./workspace.js";

export type OpenedState =
  | { readonly ok: true; readonly desired: Desired; readonly backend: StateBackend }
  | { readonly ok: false; readonly diagnostics: readonly Diagnostic[] };

/** The caller disposes of the backend. */
export async function openState(paths: readonly string[], io: Pick<WorkspaceIO, "env" | "cwd">): Promise<OpenedState> {
  const loaded = await loadDesired(paths, { cwd: io.cwd });
  if (!loaded.ok) return { ok: false, diagnostics: loaded.diagnostics };
  const backend = await openBackend(loaded.desired.state, {
    baseDir: await manifestBaseDir(paths, io.cwd),
    env: io.env,
    resolve: (template, where) => resolveTemplate(template, io.env, where),
  });
  return { ok: true, desired: loaded.desired, backend };
}
