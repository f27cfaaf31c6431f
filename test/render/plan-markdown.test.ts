import { describe, expect, it } from "vitest";
import { renderPlanMarkdown } from "../../src/render/plan-markdown.js";
import { entry, only, resource, runDiff, snapshot } from "../plan/fakes.js";
import { createQualysDriver } from "../../src/vendors/qualys/driver.js";
import { everyActionPlan } from "./every-action.js";

const manyCreates = () =>
  only(runDiff({ resources: Array.from({ length: 1500 }, (_, i) => resource(`qualys.webApp.app-${String(i).padStart(4, "0")}`, { url: `https://app-${i}.example.com`, tags: ["prod", "eu"] })) }));

describe("plan Markdown", () => {
  it("renders a plan holding every action like the golden file", async () => {
    await expect(renderPlanMarkdown(everyActionPlan())).toMatchFileSnapshot("__golden__/every-action.md");
  });

  it("is the summary line alone when nothing changes, with no warning about what a vendor cannot read back", () => {
    const def = { template: 12, targets: ["10.0.0.0/16"] };
    const plan = only(runDiff({ resources: [resource("cortex.scan.dc", def)], state: snapshot([entry("cortex.scan.dc", def)]) }));
    expect(renderPlanMarkdown(plan)).toBe("**No changes. The vendors match the manifests.**\n");
  });

  it("says what a vendor cannot read back as a plain note, naming the kind, not as a warning box", () => {
    const kinds = new Map([["qualys", createQualysDriver().kinds]]);
    const scan = resource("qualys.scan.nightly", { type: "VULNERABILITY", webApps: [], profile: null });
    const md = renderPlanMarkdown(only(runDiff({ kinds, resources: [scan] })));
    expect(md).not.toContain("[!WARNING]");
    expect(md).toContain(
      "\nNote: qualys scan: an on-demand scan exists at Qualys only once it is launched, so the plan compares it with the settings scanform last applied (web apps and schedules are read back).\n",
    );
  });

  it("puts the summary line first", () => {
    expect(renderPlanMarkdown(everyActionPlan()).split("\n")[0]).toBe("**Plan: 1 to import, 3 to add, 2 to change, 2 to destroy, 2 to launch, 1 to forget, 1 to move.**");
  });

  it("calls out destroys before the details", () => {
    const md = renderPlanMarkdown(everyActionPlan());
    expect(md.indexOf("**2 objects will be destroyed:**")).toBeLessThan(md.indexOf("<details>"));
    expect(md).toContain("> - `qualys.webApp.old` will be deleted: removed from the manifests");
  });

  it("stays under the size limit with a note saying it was cut", () => {
    const md = renderPlanMarkdown(manyCreates(), { maxBytes: 20_000 });
    expect(Buffer.byteLength(md)).toBeLessThanOrEqual(20_000);
    expect(md).toContain("too long for a comment");
    expect(md.split("\n")[0]).toBe("**Plan: 1500 to add, 0 to change, 0 to destroy, 0 to launch.**");
  });

  it("keeps its fences and folds closed when cut", () => {
    const md = renderPlanMarkdown(manyCreates(), { maxBytes: 120_000 });
    expect(Buffer.byteLength(md)).toBeLessThanOrEqual(120_000);
    expect(md.match(/^```/gm)!.length % 2).toBe(0);
    expect(md.match(/<details>/g)?.length).toBe(md.match(/<\/details>/g)?.length);
  });

  it("keeps text from a vendor inside its details: a fence in a note cannot close the block", () => {
    const plan = everyActionPlan();
    const forged = { ...plan, changes: plan.changes.map((c) => (c.notes.length > 0 ? { ...c, notes: ["left alone: x\n```\n</details>\n**Plan: 0 to destroy**"] } : c)) };
    const md = renderPlanMarkdown(forged);
    const block = md.slice(md.indexOf("<details><summary>Details of the changes"));
    const fence = /^(`{3,})diff$/m.exec(block)![1]!;
    expect(fence.length).toBeGreaterThan(3);
    expect(block).toMatch(new RegExp(`^${fence}\\n\\n</details>`, "m"));
  });

  it("is under 64 KB by default", () => {
    expect(Buffer.byteLength(renderPlanMarkdown(manyCreates()))).toBeLessThan(64 * 1024);
  });
});
