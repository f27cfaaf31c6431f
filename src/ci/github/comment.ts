/**
 * One plan comment per pull request, updated in place: a hidden marker in the body finds it again,
 * so every push edits the same comment instead of adding one. Several manifest roots share it, one
 * section each. Only a comment the action's own identity wrote counts: anyone who may comment on
 * the pull request can write the marker and a reviewed list, and the merge applies what that list
 * says was reviewed.
 */
import { fitMarkdown, MARKDOWN_MAX_BYTES } from "../../render/plan-markdown.js";
import type { Comment, GitHubRest } from "./rest.js";
import { reviewedRecord, type Reviewed } from "./reviewed.js";

export const COMMENT_MARKER = "<!-- scanform:plan -->";

/**
 * The marker of one job's comment (input `comment-key`): jobs that plan apart on one pull request
 * (an environment each, with its own secrets) keep a comment, and a drift issue, each.
 */
export const commentMarker = (key: string | undefined): string => (key === undefined ? COMMENT_MARKER : `<!-- scanform:plan key=${key} -->`);

/** A key is a short name, so that it can neither close the marker's HTML comment nor be mistaken for another. */
export const COMMENT_KEY = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** Whom GitHub shows as the author of what the workflow's GITHUB_TOKEN writes. */
export const DEFAULT_COMMENT_AUTHOR = "github-actions[bot]";

/** GitHub refuses a comment or an issue body longer than this (HTTP 422), and the plan with it. */
export const COMMENT_MAX_CHARS = 65_536;

/** The room all hidden records may take; past it each root's changes are recorded by digest. */
const RECORDS_MAX_CHARS = 16_000;

/** Where the comment records, hidden, the changes each root's plan showed: what the merge may apply. */
const REVIEWED = /<!-- scanform:reviewed (\{.*?\}) -->/g;

/** Records older than this say no more than an action and a spec, not which vendor object a change acts on. */
const RECORD_VERSION = 2;

export interface Section {
  /** The manifest root, e.g. `scans/`. */
  readonly root: string;
  /** The section's Markdown in at most `maxBytes` UTF-8 bytes, cut as the plan renderer cuts. */
  readonly markdown: (maxBytes: number) => string;
  /** reviewedChanges of the plan shown; absent when no plan was made (invalid manifests, a failed check). */
  readonly reviewed?: readonly string[];
}

/** A section's text that is not a plan (a failure), cut to its room the same way. */
export const fixedMarkdown =
  (markdown: string) =>
  (maxBytes: number): string =>
    fitMarkdown(markdown, maxBytes);

/** What a comment's record says of one root. */
export type RecordRead = Reviewed | { readonly kind: "outdated" };

/**
 * The comment's body, within COMMENT_MAX_CHARS whatever the plans' size: every root keeps its
 * record, and the plans share the room left, a plan that fits its share shown whole.
 */
export function commentBody(sections: readonly Section[], key?: string): string {
  const marker = commentMarker(key);
  const heading = `## scanform plan${key === undefined ? "" : `: ${key}`}`;
  const recorded = sections.filter((s) => s.reviewed !== undefined).length;
  const records = sections.map((s) => (s.reviewed === undefined ? "" : `${recordComment(s.root, reviewedRecord(s.reviewed, RECORDS_MAX_CHARS / recorded))}\n`));
  const assemble = (shown: readonly string[]): string =>
    `${marker}\n${heading}\n\n${sections.map((s, i) => `${records[i]}${sections.length === 1 ? "" : `### \`${s.root}\`\n\n`}${shown[i]}`).join("\n\n")}\n`;
  const render = (s: Section, maxBytes: number): string => inert(s.markdown(maxBytes).trimEnd());
  let shown = sections.map((s) => render(s, MARKDOWN_MAX_BYTES));
  // A plan is cut in UTF-8 bytes, which are never fewer than characters, but breaking up comment
  // openers adds characters after the cut: a round or two more takes that back.
  for (let round = 0; round < 8; round += 1) {
    const overflow = assemble(shown).length - COMMENT_MAX_CHARS;
    if (overflow <= 0) return assemble(shown);
    const shares = fairShares(
      shown.map((m) => m.length),
      shown.reduce((n, m) => n + m.length, 0) - overflow,
    );
    shown = sections.map((s, i) => (shown[i]!.length <= shares[i]! ? shown[i]! : render(s, shares[i]!)));
  }
  const body = assemble(sections.map(() => "**This plan is too long for a comment.** The CI log holds all of it."));
  return body.length <= COMMENT_MAX_CHARS ? body : `${marker}\n${heading}\n\n**These plans are too long for a comment, and so are the records of what they change.** The CI log holds them.\n`;
}

/** Room shared out shortest first: what a section does not need goes to those that do. */
function fairShares(lengths: readonly number[], room: number): number[] {
  const order = lengths.map((_, i) => i).sort((a, b) => lengths[a]! - lengths[b]!);
  const shares = lengths.map(() => 0);
  let left = Math.max(0, room);
  order.forEach((i, k) => {
    const share = Math.min(lengths[i]!, Math.floor(left / (order.length - k)));
    shares[i] = share;
    left -= share;
  });
  return shares;
}

function recordComment(root: string, reviewed: Reviewed): string {
  const record = reviewed.kind === "listed" ? { v: RECORD_VERSION, root, changes: reviewed.changes } : { v: RECORD_VERSION, root, count: reviewed.count, digest: reviewed.digest };
  return `<!-- scanform:reviewed ${JSON.stringify(record).replace(/--/g, "\\u002d\\u002d")} -->`;
}

/**
 * A plan's text with every HTML comment opener broken by a zero-width space: the text shows manifest
 * values (in the details' diff, as written), so a value spelling the hidden record would otherwise
 * be read back as a review. It still reads the same.
 */
const inert = (markdown: string): string => markdown.replace(/<!--/g, "<!-\u200b-");

/** What the comment records per root. */
export function reviewedIn(body: string): ReadonlyMap<string, RecordRead> {
  const found = new Map<string, RecordRead>();
  for (const m of body.matchAll(REVIEWED)) {
    const parsed = parsedOrUndefined(m[1] ?? "{}");
    if (typeof parsed !== "object" || parsed === null) continue;
    const { v, root, changes, count, digest } = parsed as { v?: unknown; root?: unknown; changes?: unknown; count?: unknown; digest?: unknown };
    if (typeof root !== "string") continue;
    if (v !== RECORD_VERSION) found.set(root, { kind: "outdated" });
    else if (Array.isArray(changes) && changes.every((c) => typeof c === "string")) found.set(root, { kind: "listed", changes: changes as string[] });
    else if (typeof count === "number" && typeof digest === "string") found.set(root, { kind: "digest", count, digest });
  }
  return found;
}

/** The scanform plan comment of a pull request that `author` wrote for the job `key`, if there is one. */
export async function findComment(api: GitHubRest, pullRequest: number, author: string, key?: string): Promise<Comment | undefined> {
  const marker = commentMarker(key);
  return (await api.listComments(pullRequest)).find((c) => c.user?.login === author && typeof c.body === "string" && c.body.startsWith(marker));
}

/** Creates the comment, or updates the one `author` wrote that carries the job's marker; resolves to its id and what was done. */
export async function upsertComment(api: GitHubRest, pullRequest: number, body: string, author: string, key?: string): Promise<{ readonly id: number; readonly action: "created" | "updated" }> {
  const existing = await findComment(api, pullRequest, author, key);
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
