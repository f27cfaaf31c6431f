/** GitHub's answers, bounded like any answer from outside: size, time, shape, and never the token. */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { gitHubRest, MAX_GITHUB_ANSWER_BYTES, MAX_PAGES } from "../../src/ci/github/rest.js";

const TOKEN = "ghs_canaryTokenOfTheRestTest0123456789";
let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

/** A GitHub whose every answer `answer` writes. */
async function gitHub(answer: (res: ServerResponse, req: IncomingMessage) => void): Promise<string> {
  server = createServer((req, res) => answer(res, req));
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("no port");
  return `http://127.0.0.1:${address.port}`;
}

const rest = (apiUrl: string, timeoutMs?: number) => gitHubRest({ apiUrl, repository: "acme/scans", token: TOKEN, retryDelayMs: 1, ...(timeoutMs === undefined ? {} : { timeoutMs }) });

const json = (status: number, text: string) => (res: ServerResponse) => {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(text);
};

async function refusal(p: Promise<unknown>): Promise<{ code: string; message: string }> {
  const e = (await p.then(
    () => new Error("expected a rejection"),
    (reason: unknown) => reason,
  )) as { code: string; message: string };
  expect(e.message).not.toContain(TOKEN);
  return e;
}

describe("GitHub's answers", () => {
  it("are refused with GITHUB_API when they are not JSON", async () => {
    const e = await refusal(rest(await gitHub(json(200, "<html>rate limited</html>"))).createComment(7, "plan"));
    expect(e).toMatchObject({ code: "GITHUB_API", message: "GitHub POST /issues/7/comments answered HTTP 200 with a body that is not JSON." });
  });

  it("are refused with GITHUB_API when larger than the limit, without reading the rest", async () => {
    const e = await refusal(rest(await gitHub(json(200, `"${"x".repeat(MAX_GITHUB_ANSWER_BYTES)}"`))).createComment(7, "plan"));
    expect(e).toMatchObject({ code: "GITHUB_API", message: expect.stringContaining(`answer larger than ${MAX_GITHUB_ANSWER_BYTES.toLocaleString("en-US")} bytes`) });
  });

  it("are refused with GITHUB_API when a list is not a list", async () => {
    const e = await refusal(rest(await gitHub(json(200, '{"message": "moved"}'))).listComments(7));
    expect(e).toMatchObject({ code: "GITHUB_API", message: expect.stringContaining("answered with something other than a list") });
  });

  it("take each page of a list as a list, however long, without spreading it into a call", async () => {
    const first = JSON.stringify(Array.from({ length: 150_000 }, (_, i) => ({ id: i, body: "" })));
    const url = await gitHub((res, req) => json(200, req.url?.endsWith("&page=1") ? first : "[]")(res));
    expect(await rest(url).listComments(7)).toHaveLength(150_000);
  });

  it("that never come end the call with GITHUB_API within its time", async () => {
    const e = await refusal(rest(await gitHub(() => undefined), 200).listComments(7));
    expect(e).toMatchObject({ code: "GITHUB_API", message: expect.stringContaining("did not answer within 200 ms") });
  });

  it("that cannot be had (nothing listening) end the call with GITHUB_API", async () => {
    const url = await gitHub(() => undefined);
    await new Promise<void>((resolve) => server!.close(() => resolve()));
    server = undefined;
    const e = await refusal(rest(url).listComments(7));
    expect(e).toMatchObject({ code: "GITHUB_API", message: expect.stringMatching(/^GitHub GET \/issues\/7\/comments\?per_page=100&page=1 failed: /) });
  });
});

describe("GitHub's refusals", () => {
  const withHeaders = (status: number, headers: Record<string, string>, text: string) => (res: ServerResponse) => {
    res.writeHead(status, { "content-type": "application/json", ...headers });
    res.end(text);
  };

  it("say the token's rate limit is spent, and when it comes back, not that it lacks permissions", async () => {
    const e = await refusal(rest(await gitHub(withHeaders(403, { "x-ratelimit-remaining": "0", "x-ratelimit-reset": "1796400000" }, '{"message":"API rate limit exceeded"}'))).createComment(7, "plan"));
    expect(e).toMatchObject({ code: "GITHUB_API", hint: expect.stringContaining("rate limit") });
    expect((e as { hint?: string }).hint).toContain("2026-12-04T16:00:00Z");
    expect((e as { hint?: string }).hint).not.toContain("permissions");
  });

  it("say what GitHub found wrong in what was sent", async () => {
    const e = await refusal(rest(await gitHub(json(422, '{"message":"Validation Failed","errors":[{"message":"body is too long (maximum is 65536 characters)"}]}'))).createComment(7, "plan"));
    expect(e.message).toContain("body is too long (maximum is 65536 characters)");
    expect((e as { hint?: string }).hint ?? "").not.toContain("permissions");
  });

  it("say the token was refused when GitHub does not know it", async () => {
    const e = await refusal(rest(await gitHub(json(401, '{"message":"Bad credentials"}'))).listComments(7));
    expect((e as { hint?: string }).hint).toContain("github-token");
  });

  it("keep the permissions hint for a token that may not do what was asked", async () => {
    const e = await refusal(rest(await gitHub(json(403, '{"message":"Resource not accessible by integration"}'))).createComment(7, "plan"));
    expect((e as { hint?: string }).hint).toContain("pull-requests: write");
  });

  it("of a moment (a 502) are asked again for a read or an edit, which repeat safely", async () => {
    let calls = 0;
    const url = await gitHub((res) => (++calls === 1 ? json(502, '{"message":"Server Error"}')(res) : json(200, "[]")(res)));
    expect(await rest(url).listComments(7)).toEqual([]);
    expect(calls).toBe(2);
  });

  it("of a moment are not asked again for a new comment, which a repeat could post twice", async () => {
    let calls = 0;
    const url = await gitHub((res) => {
      calls += 1;
      json(502, '{"message":"Server Error"}')(res);
    });
    const e = await refusal(rest(url).createComment(7, "plan"));
    expect(calls).toBe(1);
    expect((e as { hint?: string }).hint).toContain("again");
  });
});

describe("GitHub's answers quoted in an error", () => {
  it.each([
    ["base64", Buffer.from(TOKEN).toString("base64")],
    ["base64 of the header", Buffer.from(`Bearer ${TOKEN}`).toString("base64")],
    ["JSON escapes", [...TOKEN].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`).join("")],
  ])("never carry the token echoed as %s", async (_, echoed) => {
    const e = await refusal(rest(await gitHub(json(401, `{"message":"Bad credentials ${echoed}"}`))).listComments(7));
    expect(e.message).toContain("Bad credentials ***");
    expect(e.message).not.toContain(Buffer.from(TOKEN).toString("base64").slice(0, 20));
    expect(e.message).not.toContain(Buffer.from(`Bearer ${TOKEN}`).toString("base64").slice(0, 20));
  });
});

describe("GitHub's lists", () => {
  it("longer than the pages read fail with GITHUB_API rather than be taken as whole", async () => {
    const page = JSON.stringify(Array.from({ length: 100 }, (_, i) => ({ id: i, body: "" })));
    const e = await refusal(rest(await gitHub(json(200, page))).listComments(7));
    expect(e).toMatchObject({ code: "GITHUB_API", message: expect.stringContaining(`more than ${(MAX_PAGES * 100).toLocaleString("en-US")} items`) });
  });
});
