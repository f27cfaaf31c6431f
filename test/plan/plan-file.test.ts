import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readPlanFile, writePlanFile } from "../../src/plan/plan-file.js";
import { entry, observations, observed, only, resource, runDiff, snapshot } from "./fakes.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "scanform-plan-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const app = { url: "https://shop.example.com", tags: ["prod"] };
const aPlan = () =>
  only(
    runDiff({
      resources: [resource("qualys.webApp.shop", { ...app, tags: ["prod", "eu"] }), resource("hexiosec.scan.corp", { seeds: ["a.example.com"] })],
      state: snapshot([entry("qualys.webApp.shop", app)]),
      observations: observations([observed("qualys.webApp.shop", app)]),
    }),
  );

describe("saved plans", () => {
  it("read back equal to what was written", async () => {
    const plan = aPlan();
    const path = join(dir, "plan.sfplan");
    await writePlanFile(path, plan);
    expect(await readPlanFile(path)).toEqual(JSON.parse(JSON.stringify(plan)));
  });

  it("are readable by their owner only", async () => {
    const path = join(dir, "plan.sfplan");
    await writePlanFile(path, aPlan());
    expect((await stat(path)).mode & 0o777).toBe(0o600);
  });

  it("carry the format version", async () => {
    const path = join(dir, "plan.sfplan");
    await writePlanFile(path, aPlan());
    expect(JSON.parse(await readFile(path, "utf8"))).toMatchObject({ formatVersion: "1.1" });
  });

  it("keep the targets of a targeted plan (since 1.1)", async () => {
    const path = join(dir, "plan.sfplan");
    const plan = only(runDiff({ resources: [resource("qualys.webApp.shop", app), resource("qualys.webApp.blog", app)], targets: ["qualys.webApp.shop"] }));
    await writePlanFile(path, plan);
    expect((await readPlanFile(path)).targets).toEqual(["qualys.webApp.shop"]);
  });

  it("whose targets are not a list of addresses are refused", async () => {
    const path = join(dir, "plan.sfplan");
    await writeFile(path, JSON.stringify({ ...aPlan(), targets: "qualys.webApp.shop" }));
    await expect(readPlanFile(path)).rejects.toMatchObject({ code: "PLAN_FILE_INVALID", message: expect.stringContaining("targets") });
  });

  it("of format 1.0, made before targets were kept, are read as plans of everything", async () => {
    const path = join(dir, "plan.sfplan");
    await writeFile(path, JSON.stringify({ ...aPlan(), formatVersion: "1.0" }));
    expect((await readPlanFile(path)).targets).toBeUndefined();
  });

  it("of another major format version are refused", async () => {
    const path = join(dir, "plan.sfplan");
    await writeFile(path, JSON.stringify({ ...aPlan(), formatVersion: "2.0" }));
    await expect(readPlanFile(path)).rejects.toMatchObject({ code: "PLAN_FORMAT_UNSUPPORTED" });
  });

  it("of a newer minor format version are read, their additions ignored", async () => {
    const path = join(dir, "plan.sfplan");
    await writeFile(path, JSON.stringify({ ...aPlan(), formatVersion: "1.4", somethingNew: true }));
    expect((await readPlanFile(path)).changes).toHaveLength(2);
  });

  it("that are not plans are refused with a reason", async () => {
    const path = join(dir, "plan.sfplan");
    await writeFile(path, JSON.stringify({ formatVersion: "1.0", createdAt: "x", manifestDigest: "d", changes: [{ address: "a.b.c", action: "explode", dependsOn: [] }], moves: [], drift: [], warnings: [], fingerprints: {} }));
    await expect(readPlanFile(path)).rejects.toMatchObject({ code: "PLAN_FILE_INVALID", message: expect.stringContaining("a change is malformed") });
  });

  it.each([
    ["without its vendor", (c: Record<string, unknown>) => ({ ...c, vendor: undefined })],
    ["without its diffs", (c: Record<string, unknown>) => ({ ...c, diffs: undefined })],
    ["with ids that are not an object of strings", (c: Record<string, unknown>) => ({ ...c, ids: { id: 7 } })],
    ["with a spec that is not an object", (c: Record<string, unknown>) => ({ ...c, after: "x" })],
  ])("whose change is %s are refused, not read into a crash", async (_what, edit) => {
    const path = join(dir, "plan.sfplan");
    const plan = aPlan() as unknown as { changes: Record<string, unknown>[] };
    await writeFile(path, JSON.stringify({ ...plan, changes: [edit(plan.changes[0]!)] }));
    await expect(readPlanFile(path)).rejects.toMatchObject({ code: "PLAN_FILE_INVALID", message: expect.stringContaining("a change is malformed") });
  });

  it("that are not JSON are refused", async () => {
    const path = join(dir, "plan.sfplan");
    await writeFile(path, "plan:\n  - yaml");
    await expect(readPlanFile(path)).rejects.toMatchObject({ code: "PLAN_FILE_INVALID" });
  });

  it("that do not exist are reported by path", async () => {
    await expect(readPlanFile(join(dir, "missing.json"))).rejects.toMatchObject({ code: "PLAN_FILE_READ", message: expect.stringContaining("missing.json") });
  });

  it("larger than the limit are refused before they are read whole", async () => {
    const path = join(dir, "plan.sfplan");
    await writeFile(path, "x".repeat(2048));
    await expect(readPlanFile(path, 1024)).rejects.toMatchObject({ code: "PLAN_FILE_TOO_LARGE", message: expect.stringContaining("1024 bytes") });
  });

  it("are read only from regular files, so a device never holds the apply", async () => {
    await expect(readPlanFile("/dev/zero")).rejects.toMatchObject({ code: "PLAN_FILE_READ", message: expect.stringContaining("a character device") });
  });
});
