/**
 * The nightly drift check's one issue: opened when the plan has changes, its body updated while
 * drift stays, closed with a note when drift is gone. The label finds it, among the issues the
 * action's own identity opened: anyone may label an issue or a pull request, and theirs must be
 * neither overwritten nor closed. Only the newest open one is kept up to date.
 */
import { commentMarker } from "./comment.js";
import type { GitHubRest } from "./rest.js";

export const DRIFT_LABEL = "scanform-drift";
export const DRIFT_TITLE = "scanform: the vendors drifted from the manifests";

export type DriftAction = "opened" | "updated" | "closed" | "none";

/** `body` is a plan comment's (commentBody with the job's `key`): its marker tells one job's issue from another's. */
export async function syncDriftIssue(api: GitHubRest, drifted: boolean, body: string, author: string, key?: string): Promise<{ readonly action: DriftAction; readonly number?: number }> {
  const marker = commentMarker(key);
  const open = (await api.listIssues(DRIFT_LABEL)).find((i) => i.state === "open" && i.user?.login === author && i.pull_request === undefined && typeof i.body === "string" && i.body.startsWith(marker));
  if (drifted) {
    if (open) return { action: "updated", number: (await api.updateIssue(open.number, { body })).number };
    return { action: "opened", number: (await api.createIssue({ title: key === undefined ? DRIFT_TITLE : `${DRIFT_TITLE} (${key})`, body, labels: [DRIFT_LABEL] })).number };
  }
  if (!open) return { action: "none" };
  await api.updateIssue(open.number, { body: `${body}\n\nNo drift any more: the nightly plan found no changes, so this issue is closed.\n`, state: "closed" });
  return { action: "closed", number: open.number };
}
