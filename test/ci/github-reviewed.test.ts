/**
 * "Apply only what the reviewer saw": a fresh plan matches the reviewed one only when each change
 * acts on the same vendor object, in the same way, with the same field changes.
 */
import { describe, expect, it } from "vitest";
import { differFromReviewed, reviewedChanges, reviewedRecord, type Reviewed } from "../../src/ci/github/reviewed.js";
import type { Change } from "../../src/plan/change.js";
import { change, plan } from "../apply/fakes.js";

const listed = (changes: readonly Change[]): Reviewed => reviewedRecord(reviewedChanges(plan(changes)), Infinity);
const differs = (reviewed: readonly Change[], fresh: readonly Change[]): boolean => differFromReviewed(listed(reviewed), plan(fresh)) !== undefined;

describe("a fresh plan against the reviewed one", () => {
  it("matches the same changes planned again later", () => {
    const changes = [change("qualys.webApp.shop", "update", { ids: { id: "1" } }), change("hexiosec.scan.edge", "create")];
    expect(differFromReviewed(listed(changes), { ...plan([...changes].reverse()), createdAt: "2027-01-01T00:00:00.000Z" })).toBeUndefined();
  });

  it("differs when protection the reviewer saw being set is now being lifted", () => {
    const set = change("qualys.webApp.shop", "no-op", { protect: { before: false, after: true } });
    const lifted = change("qualys.webApp.shop", "no-op", { protect: { before: true, after: false } });
    expect(differs([set], [lifted])).toBe(true);
  });

  it("differs when a delete now names another vendor object", () => {
    expect(differs([change("qualys.webApp.shop", "delete", { ids: { id: "111" } })], [change("qualys.webApp.shop", "delete", { ids: { id: "999" } })])).toBe(true);
  });

  it("differs when an import now adopts another vendor object", () => {
    expect(differs([change("qualys.webApp.shop", "import", { ids: { id: "111" } })], [change("qualys.webApp.shop", "import", { ids: { id: "999" } })])).toBe(true);
  });

  it("differs when an update now changes other fields, though it leads to the same spec", () => {
    const reviewed = { ...change("qualys.webApp.shop", "update"), diffs: [{ field: "url", kind: "value", before: "https://a/", after: "https://b/", forcesReplace: false }] } as Change;
    const fresh = { ...reviewed, diffs: [...reviewed.diffs, { field: "tags", kind: "set", added: ["prod"], removed: [], forcesReplace: false }] } as Change;
    expect(differs([reviewed], [fresh])).toBe(true);
  });
});

describe("a reviewed plan too long to list in a comment", () => {
  const many = Array.from({ length: 3000 }, (_, i) => change(`hexiosec.scan.s${i}`, "create"));

  it("is recorded by its digest and count", () => {
    const record = reviewedRecord(reviewedChanges(plan(many)), 16_000);
    expect(record).toMatchObject({ kind: "digest", count: 3000 });
  });

  it("matches the same changes planned again", () => {
    expect(differFromReviewed(reviewedRecord(reviewedChanges(plan(many)), 16_000), plan(many))).toBeUndefined();
  });

  it("differs when one change is not the same, saying how many were reviewed and are planned", () => {
    const fresh = [...many.slice(1), change("hexiosec.scan.other", "create")];
    expect(differFromReviewed(reviewedRecord(reviewedChanges(plan(many)), 16_000), plan(fresh))).toMatchObject({ reviewedCount: 3000, freshCount: 3000 });
  });
});
