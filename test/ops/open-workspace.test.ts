/** Opening a workspace reads every setting of the environment before it opens anything it would have to close. */
import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import { openWorkspace } from "../../src/ops/open-workspace.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "scanform-open-"));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

it("refuses a bad SCANFORM_HTTP_ variable before the state is opened, so no connection is left open behind the error", async () => {
  await writeFile(join(dir, "main.yaml"), "state: { backend: local, path: broken/state.json }\n");
  // A state path that cannot be opened: reaching it would fail with STATE_NOT_A_FILE instead.
  await mkdir(join(dir, "broken"));
  await symlink(join(dir, "broken", "state.json"), join(dir, "broken", "state.json"));
  const failed = await openWorkspace([dir], { env: { SCANFORM_HTTP_MAX_PAGES: "lots" }, cwd: dir, stderr: { write: () => true } }).then(
    () => undefined,
    (e: { code?: string }) => e.code,
  );
  expect(failed).toBe("HTTP_INVALID_LIMIT");
});
