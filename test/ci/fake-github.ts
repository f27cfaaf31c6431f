/**
 * A loopback server speaking the parts of the GitHub REST API the action uses: issue comments,
 * issues (by label), and the pull requests of a commit. It keeps what it is sent, so tests read
 * back exactly what a repository would show, and counts the requests. Comments made with its token
 * are authored by TOKEN_LOGIN; a test adds others' comments to `comments` directly.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";

export interface FakeComment {
  id: number;
  issue: number;
  body: string;
  /** Who wrote it: the token's identity for comments made through the API. */
  user: { login: string };
}

/** Whom GitHub shows as the author of what the workflow's GITHUB_TOKEN writes. */
export const TOKEN_LOGIN = "github-actions[bot]";

export interface FakeIssue {
  number: number;
  title: string;
  body: string;
  state: "open" | "closed";
  labels: string[];
  /** Who opened it: the token's identity for issues made through the API. */
  user: { login: string };
  /** Present on a pull request, which GitHub lists among the issues. */
  pull_request?: { url: string };
}

export interface FakeGitHub {
  readonly url: string;
  readonly token: string;
  readonly comments: FakeComment[];
  readonly issues: FakeIssue[];
  /** sha → pull requests merged with it. */
  readonly merges: Map<string, number>;
  /** Authorization headers seen that were not the token. */
  readonly refused: number;
  close(): Promise<void>;
}

/** GitHub refuses a longer comment or issue body. */
const MAX_BODY_CHARS = 65_536;

export async function startFakeGitHub(repository: string): Promise<FakeGitHub> {
  const token = "ghs_canaryTokenForTheFakeGitHub0123456789";
  const comments: FakeComment[] = [];
  const issues: FakeIssue[] = [];
  const merges = new Map<string, number>();
  let next = 1000;
  let refused = 0;
  const prefix = `/repos/${repository}`;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = chunks.length > 0 ? (JSON.parse(Buffer.concat(chunks).toString("utf8")) as Record<string, unknown>) : {};
    const url = new URL(req.url ?? "/", "http://github.invalid");
    const send = (status: number, value: unknown): void => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(value));
    };
    if (req.headers.authorization !== `Bearer ${token}`) {
      refused += 1;
      return send(401, { message: "Bad credentials" });
    }
    if (typeof body["body"] === "string" && body["body"].length > MAX_BODY_CHARS) {
      return send(422, { message: "Validation Failed", errors: [{ resource: "IssueComment", code: "custom", field: "body", message: `body is too long (maximum is ${MAX_BODY_CHARS} characters)` }] });
    }
    const path = url.pathname.startsWith(prefix) ? url.pathname.slice(prefix.length) : "";
    const page = Number(url.searchParams.get("page") ?? "1");
    const perPage = Number(url.searchParams.get("per_page") ?? "30");
    const paged = <T>(all: T[]): T[] => all.slice((page - 1) * perPage, page * perPage);
    let m: RegExpExecArray | null;
    if ((m = /^\/issues\/(\d+)\/comments$/.exec(path))) {
      const issue = Number(m[1]);
      if (req.method === "GET") return send(200, paged(comments.filter((c) => c.issue === issue)));
      const comment = { id: (next += 1), issue, body: String(body["body"]), user: { login: TOKEN_LOGIN } };
      comments.push(comment);
      return send(201, comment);
    }
    if ((m = /^\/issues\/comments\/(\d+)$/.exec(path)) && req.method === "PATCH") {
      const comment = comments.find((c) => c.id === Number(m![1]));
      if (!comment) return send(404, { message: "Not Found" });
      comment.body = String(body["body"]);
      return send(200, comment);
    }
    if (path === "/issues" && req.method === "GET") {
      const label = url.searchParams.get("labels") ?? "";
      return send(200, paged([...issues].reverse().filter((i) => i.labels.includes(label))));
    }
    if (path === "/issues" && req.method === "POST") {
      const issue: FakeIssue = { number: (next += 1), title: String(body["title"]), body: String(body["body"]), state: "open", labels: (body["labels"] as string[]) ?? [], user: { login: TOKEN_LOGIN } };
      issues.push(issue);
      return send(201, issue);
    }
    if ((m = /^\/issues\/(\d+)$/.exec(path)) && req.method === "PATCH") {
      const issue = issues.find((i) => i.number === Number(m![1]));
      if (!issue) return send(404, { message: "Not Found" });
      if (typeof body["body"] === "string") issue.body = body["body"];
      if (body["state"] === "open" || body["state"] === "closed") issue.state = body["state"];
      return send(200, issue);
    }
    if ((m = /^\/commits\/([0-9a-f]+)\/pulls$/.exec(path))) {
      const pr = merges.get(m[1] ?? "");
      return send(200, pr === undefined ? [] : [{ number: pr, merged_at: "2026-12-02T10:00:00Z" }]);
    }
    send(404, { message: "Not Found" });
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      res.writeHead(500);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("no port");
  return {
    url: `http://127.0.0.1:${address.port}`,
    token,
    comments,
    issues,
    merges,
    get refused() {
      return refused;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
