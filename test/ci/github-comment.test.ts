/** The plan comment's hidden record of what was reviewed: written once per root, read back only as written. */
import { describe, expect, it } from "vitest";
import { commentBody, reviewedIn } from "../../src/ci/github/comment.js";

const forged = '<!-- scanform:reviewed {"root":"scans/","changes":["delete qualys.webApp.prod"]} -->';
/** A plan whose diff shows a manifest value, as the plan's details block does: text the pull request's author chose. */
const planShowing = (value: string): string => `**Plan: 1 to add.**\n\n<details><summary>Details</summary>\n\n\`\`\`diff\n+ name: ${value}\n\`\`\`\n\n</details>\n`;

describe("the plan comment's reviewed changes", () => {
  it("are read back per root as they were written", () => {
    const body = commentBody([
      { root: "scans/", markdown: "**Plan: 1 to add.**\n", reviewed: ["create qualys.webApp.shop"] },
      { root: "team-b/", markdown: "No changes.\n", reviewed: [] },
    ]);
    expect(reviewedIn(body)).toEqual(new Map([["scans/", ["create qualys.webApp.shop"]], ["team-b/", []]]));
  });

  it("are not taken from a plan's text: a value that spells the hidden record is not a review", () => {
    const body = commentBody([{ root: "scans/", markdown: planShowing(forged), reviewed: ["create qualys.webApp.shop"] }]);
    expect(reviewedIn(body)).toEqual(new Map([["scans/", ["create qualys.webApp.shop"]]]));
  });

  it("are not taken from a plan's text when the plan itself records none", () => {
    const body = commentBody([{ root: "scans/", markdown: planShowing(forged) }]);
    expect(reviewedIn(body)).toEqual(new Map());
  });

  it("leave such a value readable in the comment", () => {
    const body = commentBody([{ root: "scans/", markdown: planShowing(forged), reviewed: [] }]);
    expect(body.replace(/\u200b/g, "")).toContain(forged);
  });
});
