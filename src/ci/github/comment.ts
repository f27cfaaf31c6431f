/**
 * One plan comment per pull request, updated in place: a hidden marker in the body finds it again,
 * so every push edits the same comment instead of adding one. Several manifest roots share it, one
 * section each. Only a comment the action's own identity wrote counts: anyone who may comment on
 * the pull request can write the marker and a reviewed list, and the merge applies what that list
 * says was reviewed.
 */
import type { Comment, GitHubRest } from "./rest.js";

export const COMMENT_MARKER = "<!-- scanform:plan -->";

/** Whom GitHub shows as the author of what the workflow's GITHUB_TOKEN writes. */
export const DEFAULT_COMMENT_AUTHOR = "github-actions[bot]";

/** Where the comment records, hidden, the changes each root's plan showed: what the merge may apply. */
const REVIEWED = /<!-- scanform:reviewed (\{.*?\}) -->/g;

export interface Section {
  /** The manifest root, e.g. `scans/`. */
  readonly root: string;
  readonly markdown: string;
  /** reviewedChanges of the plan shown; absent when no plan was made (invalid manifests, a failed check). */
  readonly reviewed?: readonly string[];
}

export function commentBody(sections: readonly Section[]): string {
  const parts = sections.map((s) => {
    const hidden = s.reviewed === undefined ? "" : `<!-- scanform:reviewed ${JSON.stringify({ root: s.root, changes: s.reviewed }).replace(/--/g, "\\u002d\\u002d")} -->\n`;
    const markdown = inert(s.markdown.trimEnd());
    return `${hidden}${sections.length === 1 ? markdown : `### \`${s.root}\`\n\n${markdown}`}`;
  });
  return `${COMMENT_MARKER}\n## scanform plan\n\n${parts.join("\n\n")}\n`;
}

/**
 * A plan's text with every HTML comment opener broken by a zero-width space: the text shows manifest
 * values (in the details' diff, as written), so a value spelling the hidden record would otherwise
 * be read back as a review. It still reads the same.
 */
const inert = (markdown: string): string => markdown.replace(/<!--/g, "<!-\u200b-");

/** The reviewed changes per root a plan comment records. */
export function reviewedIn(body: string): ReadonlyMap<string, readonly string[]> {
  const found = new Map<string, readonly string[]>();
  for (const m of body.matchAll(REVIEWED)) {
    const parsed = parsedOrUndefined(m[1] ?? "{}");
    if (typeof parsed !== "object" || parsed === null) continue;
    const { root, changes } = parsed as { root?: unknown; changes?: unknown };
    if (typeof root === "string" && Array.isArray(changes) && changes.every((c) => typeof c === "string")) found.set(root, changes as string[]);
  }
  return found;
}

/** The scanform plan comment of a pull request that `author` wrote, if there is one. */
export async function findComment(api: GitHubRest, pullRequest: number, author: string): Promise<Comment | undefined> {
  return (await api.listComments(pullRequest)).find((c) => c.user?.login === author && typeof c.body === "string" && c.body.includes(COMMENT_MARKER));
}

/** Creates the comment, or updates the one `author` wrote that carries the marker; resolves to its id and what was done. */
export async function upsertComment(api: GitHubRest, pullRequest: number, body: string, author: string): Promise<{ readonly id: number; readonly action: "created" | "updated" }> {
  const existing = await findComment(api, pullRequest, author);
  if (existing) return { id: (await api.updateComment(existing.id, body)).id, action: "updated" };
  return { id: (await api.createComment(pullRequest, body)).id, action: "created" };
}

/** A record that is not JSON is not one this action wrote: skipped, never a crash of the merge job. */
function parsedOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
