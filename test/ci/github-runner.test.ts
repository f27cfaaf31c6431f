/** The runner's event payload ($GITHUB_EVENT_PATH), read as hostile input like any file from outside. */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { pullRequestNumber } from "../../src/ci/github/runner.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "scanform-event-"));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

async function event(content: string): Promise<string> {
  const path = join(dir, "event.json");
  await writeFile(path, content);
  return path;
}

describe("the pull request number from the runner's event", () => {
  it("is the number of a pull_request event", async () => {
    expect(await pullRequestNumber({ GITHUB_EVENT_PATH: await event(JSON.stringify({ pull_request: { number: 7 } })) })).toBe(7);
  });

  it("is undefined for an event without a pull request, and without an event file", async () => {
    expect(await pullRequestNumber({ GITHUB_EVENT_PATH: await event(JSON.stringify({ ref: "refs/heads/main" })) })).toBeUndefined();
    expect(await pullRequestNumber({})).toBeUndefined();
  });

  it("refuses an event file that is not JSON with a coded error naming the variable", async () => {
    await expect(pullRequestNumber({ GITHUB_EVENT_PATH: await event('{"pull_request": {"num') })).rejects.toMatchObject({
      code: "CLI_BAD_ENVIRONMENT",
      message: expect.stringMatching(/^GITHUB_EVENT_PATH names .*event\.json, which is not valid JSON/),
    });
  });

  it("refuses a path that is not a regular file instead of reading it", async () => {
    await expect(pullRequestNumber({ GITHUB_EVENT_PATH: dir })).rejects.toMatchObject({ code: "CLI_BAD_ENVIRONMENT", message: expect.stringContaining("which is a directory, not a file") });
  });

  it("refuses a missing event file", async () => {
    await expect(pullRequestNumber({ GITHUB_EVENT_PATH: join(dir, "gone.json") })).rejects.toMatchObject({ code: "CLI_BAD_ENVIRONMENT", message: expect.stringContaining("which does not exist") });
  });

  it("refuses an event file larger than its limit, unread", async () => {
    const path = await event(JSON.stringify({ pull_request: { number: 7, body: "x".repeat(2000) } }));
    await expect(pullRequestNumber({ GITHUB_EVENT_PATH: path }, 1024)).rejects.toMatchObject({ code: "CLI_BAD_ENVIRONMENT", message: expect.stringContaining("larger than 1,024 bytes") });
  });
});
