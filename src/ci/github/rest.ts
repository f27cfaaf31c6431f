/**
 * The few GitHub REST calls the action makes (issue comments and issues), over undici. The base URL
 * comes from GITHUB_API_URL, so tests point it at a loopback server; the token is sent as a header
 * and never appears in an error.
 */
import type { IncomingHttpHeaders } from "node:http";
import { request } from "undici";
import { ScanformError } from "../../core/errors.js";
import { readBodyCapped } from "../../http/body.js";
import { createRedactor, quoteMasked } from "../../http/redact.js";
import { sleep } from "../../http/sleep.js";

export interface Comment {
  readonly id: number;
  readonly body: string;
  /** Its author, as GitHub shows it (`github-actions[bot]` for the workflow's GITHUB_TOKEN). */
  readonly user?: { readonly login?: unknown } | null;
}

export interface Issue {
  readonly number: number;
  readonly state: "open" | "closed";
  readonly body: string;
  readonly title: string;
  /** Who opened it. */
  readonly user?: { readonly login?: unknown } | null;
  /** Set when the issue is a pull request, which GitHub lists among the issues. */
  readonly pull_request?: unknown;
}

export interface GitHubRest {
  listComments(issue: number): Promise<readonly Comment[]>;
  createComment(issue: number, body: string): Promise<Comment>;
  updateComment(id: number, body: string): Promise<Comment>;
  /** Open and closed issues carrying `label`, newest first. */
  listIssues(label: string): Promise<readonly Issue[]>;
  createIssue(issue: { readonly title: string; readonly body: string; readonly labels: readonly string[] }): Promise<Issue>;
  updateIssue(number: number, change: { readonly body?: string; readonly state?: "open" | "closed" }): Promise<Issue>;
  /** Pull requests a commit belongs to (for a merge commit on the default branch: the merged one). */
  pullsOfCommit(sha: string): Promise<readonly { readonly number: number; readonly merged_at: string | null }[]>;
}

/**
 * Pages read at most, 100 items each. A longer list fails the call: taking its start as the whole
 * would miss the plan comment, post another on every push and leave the merge without its review.
 */
export const MAX_PAGES = 50;

/** Answers of a moment (GitHub's documented 5xx of an overloaded or restarting service), asked again. */
const RETRIED_STATUSES: ReadonlySet<number> = new Set([502, 503, 504]);
/** Tries in all of a call that repeats safely (a read, or an edit that sets the same body again). */
const TRIES = 3;
const RETRY_DELAY_MS = 2_000;

/**
 * The most one answer may hold. A page of 100 comments of GitHub's longest (65,536 characters,
 * up to 4 bytes each) is about 26 MB.
 */
export const MAX_GITHUB_ANSWER_BYTES = 32 * 1024 * 1024;
/** The longest one call may take, from its start to its answer's last byte. */
export const GITHUB_CALL_TIMEOUT_MS = 60_000;

export function gitHubRest(options: { readonly apiUrl: string; readonly repository: string; readonly token: string; readonly timeoutMs?: number; readonly retryDelayMs?: number }): GitHubRest {
  const base = `${options.apiUrl.replace(/\/+$/, "")}/repos/${options.repository}`;
  const timeoutMs = options.timeoutMs ?? GITHUB_CALL_TIMEOUT_MS;
  const retryDelayMs = options.retryDelayMs ?? RETRY_DELAY_MS;
  // The token as it is sent (a header), and as an answer may echo it (base64, URL-encoded, escaped).
  const redact = createRedactor([options.token, `Bearer ${options.token}`]);
  const failed = (what: string, message: string, hint?: string): ScanformError =>
    new ScanformError("GITHUB_API", `GitHub ${what} ${redact(message)}`, hint === undefined ? {} : { hint });
  async function call<T>(method: "GET" | "POST" | "PATCH", path: string, body?: unknown): Promise<T> {
    // A POST is not repeated: a comment or issue made by a call whose answer was lost would be made twice.
    const tries = method === "POST" ? 1 : TRIES;
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await callOnce<T>(method, path, body);
      } catch (e) {
        if (!(e instanceof RetryableAnswer) || attempt >= tries) throw e instanceof RetryableAnswer ? e.error : e;
        await sleep(retryDelayMs * attempt);
      }
    }
  }
  async function callOnce<T>(method: "GET" | "POST" | "PATCH", path: string, body?: unknown): Promise<T> {
    const what = `${method} ${path}`;
    const deadline = AbortSignal.timeout(timeoutMs);
    let status: number;
    let headers: IncomingHttpHeaders;
    let read: Awaited<ReturnType<typeof readBodyCapped>>;
    try {
      const res = await request(`${base}${path}`, {
        method,
        headers: {
          accept: "application/vnd.github+json",
          authorization: `Bearer ${options.token}`,
          "user-agent": "scanform-action",
          "x-github-api-version": "2022-11-28",
          ...(body === undefined ? {} : { "content-type": "application/json" }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: deadline,
      });
      status = res.statusCode;
      headers = res.headers;
      read = await readBodyCapped(res.body, res.headers["content-length"], MAX_GITHUB_ANSWER_BYTES);
    } catch (e) {
      if (deadline.aborted) throw failed(what, `did not answer within ${timeoutMs} ms.`);
      throw failed(what, `failed: ${e instanceof Error ? e.message : String(e)}.`);
    }
    if (typeof read !== "string") throw failed(what, `sent an answer larger than ${MAX_GITHUB_ANSWER_BYTES.toLocaleString("en-US")} bytes.`);
    if (status < 200 || status > 299) {
      const error = failed(what, `answered HTTP ${status}: ${quoteMasked(redact, said(read), 300)}`, refusalHint(status, headers));
      throw RETRIED_STATUSES.has(status) ? new RetryableAnswer(error) : error;
    }
    try {
      return JSON.parse(read) as T;
    } catch {
      throw failed(what, `answered HTTP ${status} with a body that is not JSON.`);
    }
  }
  async function paged<T>(path: string): Promise<T[]> {
    const all: T[] = [];
    for (let page = 1; ; page += 1) {
      const pagePath = `${path}${path.includes("?") ? "&" : "?"}per_page=100&page=${page}`;
      if (page > MAX_PAGES) throw failed(`GET ${path}`, `holds more than ${(MAX_PAGES * 100).toLocaleString("en-US")} items, more than scanform reads to find its own.`);
      const items = await call<unknown>("GET", pagePath);
      if (!Array.isArray(items)) throw failed(`GET ${pagePath}`, "answered with something other than a list.");
      // Appended one by one: an answer's items spread into push() past ~120,000 overflow the stack.
      for (const item of items as T[]) all.push(item);
      if (items.length < 100) return all;
    }
  }
  return {
    listComments: (issue) => paged<Comment>(`/issues/${issue}/comments`),
    createComment: (issue, body) => call<Comment>("POST", `/issues/${issue}/comments`, { body }),
    updateComment: (id, body) => call<Comment>("PATCH", `/issues/comments/${id}`, { body }),
    listIssues: (label) => paged<Issue>(`/issues?state=all&labels=${encodeURIComponent(label)}&sort=created&direction=desc`),
    createIssue: (issue) => call<Issue>("POST", "/issues", issue),
    updateIssue: (number, change) => call<Issue>("PATCH", `/issues/${number}`, change),
    pullsOfCommit: (sha) => call("GET", `/commits/${encodeURIComponent(sha)}/pulls`),
  };
}

/** A refusal GitHub may not repeat: the error to throw if it does. */
class RetryableAnswer extends Error {
  constructor(readonly error: ScanformError) {
    super(error.message);
  }
}

/** What a person can do about a refusal, by what GitHub said. */
function refusalHint(status: number, headers: IncomingHttpHeaders): string | undefined {
  const remaining = headers["x-ratelimit-remaining"];
  if ((status === 403 || status === 429) && (remaining === "0" || headers["retry-after"] !== undefined)) {
    const reset = Number(headers["x-ratelimit-reset"]);
    const when = Number.isFinite(reset) && reset > 0 ? ` It comes back at ${new Date(reset * 1000).toISOString().replace(/\.\d{3}Z$/, "Z")}.` : "";
    return `The token's GitHub API rate limit is spent.${when} Run the job again then.`;
  }
  if (status === 401) return "GitHub does not know the token: check the action's `github-token` input (default: the workflow's GITHUB_TOKEN).";
  if (status === 403 || status === 404) return "The workflow's token needs `pull-requests: write` to comment and `issues: write` for the drift issue (the `permissions:` block).";
  if (status >= 500) return "GitHub did not manage to answer; run the job again.";
  return undefined;
}

/** What GitHub said: the decoded message and errors of its JSON answer (escapes undone, so masking sees the text), else the body. */
function said(body: string): string {
  try {
    const parsed = JSON.parse(body) as { message?: unknown; errors?: unknown };
    const errors = Array.isArray(parsed.errors) ? parsed.errors.map((e) => (typeof e === "object" && e !== null && typeof (e as { message?: unknown }).message === "string" ? (e as { message: string }).message : "")).filter((m) => m !== "") : [];
    if (typeof parsed.message === "string") return [parsed.message, ...errors].join(": ");
  } catch {
    // Not JSON: quoted as it came.
  }
  return body;
}
