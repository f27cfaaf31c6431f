import { describe, expect, it } from "vitest";
import { diffFields } from "../../src/plan/field-diff.js";
import { looksSecret, maskSpec } from "../../src/plan/mask.js";

describe("diffFields", () => {
  const rules = { seeds: { update: "in-place" as const, set: true }, type: { update: "replace" as const } };

  it("compares members of a set of objects by value, not by order or key order", () => {
    const before = { quietHours: [{ start: "01:00", end: "02:00" }, { end: "05:00", start: "04:00" }] };
    const after = { quietHours: [{ start: "04:00", end: "05:00" }, { start: "01:00", end: "02:00" }] };
    expect(diffFields(before, after, { quietHours: { update: "in-place", set: true } })).toEqual([]);
  });

  it("treats a set field missing on one side as empty", () => {
    expect(diffFields({}, { seeds: ["a"] }, rules)).toEqual([{ field: "seeds", kind: "set", added: ["a"], removed: [], forcesReplace: false }]);
  });

  it("shows a field that is gone as a value with no after", () => {
    expect(diffFields({ description: "x" }, {}, rules)).toEqual([{ field: "description", kind: "value", before: "x", after: undefined, forcesReplace: false }]);
  });

  it("compares a list that is not declared a set in order", () => {
    expect(diffFields({ days: ["sun", "mon"] }, { days: ["mon", "sun"] }, rules)).toHaveLength(1);
  });

  it("marks a field whose rule is replace as forcing replacement", () => {
    expect(diffFields({ type: "adhoc" }, { type: "continuous_own" }, rules)[0]!.forcesReplace).toBe(true);
  });
});

describe("secret masking", () => {
  it.each([
    ["password", true],
    ["clientSecret", true],
    ["api_key", true],
    ["authToken", true],
    ["credentials", false],
    ["url", false],
    ["keyType", false],
  ])("treats a field named %s as secret: %s", (name, secret) => {
    expect(looksSecret(name)).toBe(secret);
  });

  it("masks secret-looking fields at any depth and leaves the rest", () => {
    expect(maskSpec({ url: "u", auth: [{ user: "me", password: "p" }] })).toEqual({ url: "u", auth: [{ user: "me", password: "(sensitive)" }] });
  });

  it("returns a spec with nothing to mask as it is instead of copying it", () => {
    const spec = { url: "u", tags: ["prod"], schedule: { at: "02:00", days: ["sun"] } };
    expect(maskSpec(spec)).toBe(spec);
  });

  it("leaves the spec it masks unchanged", () => {
    const spec = { url: "u", auth: { token: "t" } };
    maskSpec(spec);
    expect(spec).toEqual({ url: "u", auth: { token: "t" } });
  });

  it("copies a value that is not plain data into plain data, as JSON would see it", () => {
    const spec = { start: new Date(0) } as unknown as Record<string, never>;
    expect(maskSpec(spec)).toEqual({ start: {} });
  });
});
