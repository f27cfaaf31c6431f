import { readFileSync } from "node:fs";
import { Ajv2020 } from "ajv/dist/2020.js";
import formats from "ajv-formats";
import { describe, expect, it } from "vitest";
import { planToJson, renderPlanJson } from "../../src/render/plan-json.js";
import { entry, observations, observed, only, resource, runDiff, snapshot } from "../plan/fakes.js";
import { everyActionPlan } from "./every-action.js";

const schema = JSON.parse(readFileSync(new URL("../../schemas/plan.schema.json", import.meta.url), "utf8")) as object;
const ajv = new Ajv2020({ strict: true, allErrors: true });
formats.default(ajv);
const validate = ajv.compile(schema);
const valid = (data: unknown): boolean => {
  const ok = validate(data);
  if (!ok) throw new Error(ajv.errorsText(validate.errors));
  return ok;
};

describe("plan JSON", () => {
  it("of a plan holding every action is valid against the schema", () => {
    expect(valid(JSON.parse(renderPlanJson(everyActionPlan())))).toBe(true);
  });

  it("of a first plan, made before any state, is valid against the schema", () => {
    const plan = only(runDiff({ resources: [resource("cortex.scan.dc", { template: 1 })] }));
    expect(valid(planToJson(plan))).toBe(true);
    expect(planToJson(plan).state).toBeNull();
  });

  it("names the targets of a targeted plan, and none of another (since 1.2)", () => {
    const targeted = planToJson(only(runDiff({ resources: [resource("cortex.scan.dc", { template: 1 }), resource("cortex.scan.lab", { template: 2 })], targets: ["cortex.scan.dc"] })));
    expect(valid(targeted)).toBe(true);
    expect(targeted.targets).toEqual(["cortex.scan.dc"]);
    expect(planToJson(everyActionPlan()).targets).toEqual([]);
  });

  it("carries its own format version and the summary people read", () => {
    const json = planToJson(everyActionPlan());
    expect(json.format_version).toBe("1.2");
    expect(json.summary).toEqual({
      line: "Plan: 1 to import, 3 to add, 2 to change, 2 to destroy, 2 to launch, 1 to forget, 1 to move.",
      has_changes: true,
      add: 3,
      change: 2,
      destroy: 2,
      launch: 2,
      import: 1,
      forget: 1,
      move: 1,
    });
  });

  it("carries each vendor's calls, its limit and whether the limit is tight (since 1.1)", () => {
    expect(planToJson(everyActionPlan()).vendor_calls).toEqual([
      { vendor: "cortex", calls: 3, limit: { calls: 5, window_seconds: 1, remaining: null, source: "scanform's pace, half the 10 calls per second Cortex documents" }, seconds_at_limit: 1, tight: false, exceeds_remaining: false },
      { vendor: "hexiosec", calls: 12, limit: null, seconds_at_limit: null, tight: false, exceeds_remaining: false },
      { vendor: "qualys", calls: 3, limit: { calls: 300, window_seconds: 3600, remaining: 2, source: "the vendor's answers" }, seconds_at_limit: 3612, tight: true, exceeds_remaining: true },
    ]);
  });

  it("has no vendor calls for a plan that changes nothing", () => {
    const app = { url: "https://shop.example.com" };
    const plan = only(runDiff({ resources: [resource("qualys.webApp.shop", app)], state: snapshot([entry("qualys.webApp.shop", app)]), observations: observations([observed("qualys.webApp.shop", app)]) }));
    expect(planToJson(plan).vendor_calls).toEqual([]);
  });

  it("leaves out the before of a field that was absent", () => {
    const plan = only(
      runDiff({
        resources: [resource("qualys.webApp.shop", { url: "u", description: "new" })],
        state: snapshot([entry("qualys.webApp.shop", { url: "u" })]),
        observations: observations([observed("qualys.webApp.shop", { url: "u" })]),
      }),
    );
    expect(planToJson(plan).resource_changes[0]!.diffs).toEqual([{ field: "description", kind: "value", after: "new", forces_replace: false }]);
  });

  it("is refused by the schema when an action is unknown", () => {
    const json = JSON.parse(renderPlanJson(everyActionPlan())) as { resource_changes: { action: string }[] };
    json.resource_changes[0]!.action = "explode";
    expect(validate(json)).toBe(false);
  });
});
