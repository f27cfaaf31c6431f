/**
 * The few GitHub REST calls the action makes (issue comments and issues), over undici. The base URL
 * comes from GITHUB_API_URL, so tests point it at a loopback server; the token is sent as a header
 * and never appears in an error.
 */
import { request } from "undici";
import { ScanformError } from "../../core/errors.js";

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

/** Pages read at most, 100 items each: a pull request with more comments than this is not searched further. */
const MAX_PAGES = 10;

export function gitHubRest(options: { readonly apiUrl: string; readonly repository: string; readonly token: string }): GitHubRest {
  const base = `${options.apiUrl.replace(/\/+$/, "")}/repos/${options.repository}`;
  async function call<T>(method: "GET" | "POST" | "PATCH", path: string, body?: unknown): Promise<T> {
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
      headersTimeout: 30_000,
      bodyTimeout: 30_000,
    });
    const text = await res.body.text();
    if (res.statusCode < 200 || res.statusCode > 299) {
      throw new ScanformError("GITHUB_API", `GitHub ${method} ${path} answered HTTP ${res.statusCode}: ${text.slice(0, 200).split(options.token).join("***")}`, {
        hint: "The workflow's token needs `pull-requests: write` to comment and `issues: write` for the drift issue (the `permissions:` block).",
      });
    }
    return JSON.parse(text) as T;
  }
  async function paged<T>(path: string): Promise<T[]> {
    const all: T[] = [];
    for (let page = 1; page <= MAX_PAGES; page += 1) {
      const items = await call<T[]>("GET", `${path}${path.includes("?") ? "&" : "?"}per_page=100&page=${page}`);
      all.push(...items);
      if (items.length < 100) break;
    }
    return all;
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
