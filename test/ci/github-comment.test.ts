/** The plan comment: its hidden record of what was reviewed, written once per root and read back only as written, in a body GitHub accepts. */
import { describe, expect, it } from "vitest";
import { COMMENT_MAX_CHARS, commentBody, fixedMarkdown, reviewedIn } from "../../src/ci/github/comment.js";

const forged = '<!-- scanform:reviewed {"v":2,"root":"scans/","changes":["delete qualys.webApp.prod"]} -->';
/** A plan whose diff shows a manifest value, as the plan's details block does: text the pull request's author chose. */
const planShowing = (value: string): string => `**Plan: 1 to add.**\n\n<details><summary>Details</summary>\n\n\`\`\`diff\n+ name: ${value}\n\`\`\`\n\n</details>\n`;
const listed = (changes: readonly string[]) => ({ kind: "listed", changes });

describe("the plan comment's reviewed changes", () => {
  it("are read back per root as they were written", () => {
    const body = commentBody([
      { root: "scans/", markdown: fixedMarkdown("**Plan: 1 to add.**\n"), reviewed: ["create qualys.webApp.shop"] },
      { root: "team-b/", markdown: fixedMarkdown("No changes.\n"), reviewed: [] },
    ]);
    expect(reviewedIn(body)).toEqual(new Map([["scans/", listed(["create qualys.webApp.shop"])], ["team-b/", listed([])]]));
  });

  it("are not taken from a plan's text: a value that spells the hidden record is not a review", () => {
    const body = commentBody([{ root: "scans/", markdown: fixedMarkdown(planShowing(forged)), reviewed: ["create qualys.webApp.shop"] }]);
    expect(reviewedIn(body)).toEqual(new Map([["scans/", listed(["create qualys.webApp.shop"])]]));
  });

  it("are not taken from a plan's text when the plan itself records none", () => {
    const body = commentBody([{ root: "scans/", markdown: fixedMarkdown(planShowing(forged)) }]);
    expect(reviewedIn(body)).toEqual(new Map());
  });

  it("leave such a value readable in the comment", () => {
    const body = commentBody([{ root: "scans/", markdown: fixedMarkdown(planShowing(forged)), reviewed: [] }]);
    expect(body.replace(/\u200b/g, "")).toContain(forged);
  });

  it("read a record an earlier scanform wrote as outdated: it does not say which vendor objects the changes act on", () => {
    const body = '<!-- scanform:plan -->\n<!-- scanform:reviewed {"root":"scans/","changes":["delete qualys.webApp.prod 0123456789abcdef"]} -->\n';
    expect(reviewedIn(body)).toEqual(new Map([["scans/", { kind: "outdated" }]]));
  });
});

describe("the plan comment's size", () => {
  /** A plan's Markdown of `lines` long lines, cut to the bytes it is given as the renderer cuts. */
  const longPlan = (lines: number) => fixedMarkdown(Array.from({ length: lines }, (_, i) => `- \`hexiosec.scan.s${i}\` will be created, with seeds that make the line long`).join("\n"));
  const changes = (root: string, n: number) => Array.from({ length: n }, (_, i) => `create ${root}.s${i} 0123456789abcdef`);

  it("stays within GitHub's 65,536 characters for one root's long plan and its record", () => {
    const body = commentBody([{ root: "scans/", markdown: longPlan(2000), reviewed: changes("hexiosec.scan", 300) }]);
    expect(body.length).toBeLessThanOrEqual(COMMENT_MAX_CHARS);
    expect(reviewedIn(body).get("scans/")).toEqual(listed(changes("hexiosec.scan", 300)));
  });

  it("stays within it for several roots, each keeping a record of its changes", () => {
    const body = commentBody(["a/", "b/", "c/"].map((root) => ({ root, markdown: longPlan(1500), reviewed: changes(`hexiosec.scan.${root[0]}`, 3000) })));
    expect(body.length).toBeLessThanOrEqual(COMMENT_MAX_CHARS);
    expect([...reviewedIn(body).values()].map((r) => r.kind)).toEqual(["digest", "digest", "digest"]);
  });

  it("shares the room so that a short root's plan is shown whole beside a long one", () => {
    const body = commentBody([
      { root: "big/", markdown: longPlan(3000), reviewed: [] },
      { root: "small/", markdown: fixedMarkdown("**Plan: 1 to add.** the small root's whole plan"), reviewed: [] },
    ]);
    expect(body.length).toBeLessThanOrEqual(COMMENT_MAX_CHARS);
    expect(body).toContain("the small root's whole plan");
    expect(body).toContain("was cut short");
  });

  it("stays within it when a plan's text is full of what the comment has to break up", () => {
    const body = commentBody([{ root: "scans/", markdown: fixedMarkdown("<!--".repeat(40_000)), reviewed: [] }]);
    expect(body.length).toBeLessThanOrEqual(COMMENT_MAX_CHARS);
  });
});
