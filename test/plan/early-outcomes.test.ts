/**
 * Outcomes worked out while other vendors are still read must give the plan the diff gives alone:
 * every scenario below is diffed twice, once plainly and once with each vendor's outcomes worked
 * out ahead from its own observation, and the two plans must be equal.
 */
import { describe, expect, it } from "vitest";
import type { Address } from "../../src/core/address.js";
import { diff, type DiffInput } from "../../src/plan/diff.js";
import type { Outcome } from "../../src/plan/diff-context.js";
import { outcomesAhead, type EarlyOutcomes } from "../../src/plan/early-outcomes.js";
import { applyMoves } from "../../src/plan/moved.js";
import { KINDS, NOW, desired, entry, observations, observed, resource, snapshot } from "./fakes.js";

const app = { url: "https://shop.example.com", tags: [], defaultProfile: null };
const nightly = (webApp: string, profile = "qualys.profile.standard") => ({ type: "VULNERABILITY", webApps: [webApp], profile, at: "02:00" });
const scan = { type: "continuous_own", group: "Security", seeds: ["example.com"] };
const profile = (key: string) => observed(`qualys.profile.${key}`, { name: "Initial WAS Options" }, { match: "name", ids: { id: "9" } });
const moved = [{ from: "qualys.webApp.shop", to: "qualys.webApp.shop-main", source: { file: "scans/main.yaml", line: 1, column: 1 } }];

/** Every vendor's outcomes worked out ahead, as make-plan.ts does while the others answer. */
async function aheadOf(input: DiffInput): Promise<Map<string, EarlyOutcomes>> {
  const movedState = input.movedState!;
  const early = new Map<string, EarlyOutcomes>();
  for (const [vendor, observation] of input.observations) {
    const made = await outcomesAhead({ desired: input.desired, vendor, observation, movedState, kinds: input.kinds, now: input.now, refresh: input.refresh ?? true }, () => false);
    if (made !== undefined) early.set(vendor, made);
  }
  return early;
}

const inputOf = (i: Omit<DiffInput, "kinds" | "now" | "movedState">): DiffInput => ({ ...i, kinds: KINDS, now: NOW, movedState: applyMoves(i.state?.resources ?? {}, i.desired.moved) });

const scenarios: Record<string, () => DiffInput> = {
  "no-op, update, create and drift across two vendors": () =>
    inputOf({
      desired: desired([resource("qualys.webApp.shop", app), resource("qualys.webApp.blog", { ...app, url: "https://blog.example.com" }), resource("qualys.webApp.new", app), resource("hexiosec.scan.corp", scan)]),
      state: snapshot([entry("qualys.webApp.shop", app), entry("qualys.webApp.blog", app), entry("hexiosec.scan.corp", scan)]),
      observations: observations([observed("qualys.webApp.shop", app), observed("qualys.webApp.blog", { ...app, url: "https://old.example.com" }), observed("hexiosec.scan.corp", { ...scan, seeds: ["example.com", "example.org"] })]),
    }),
  "adopt by name and a vendor object deleted outside scanform": () =>
    inputOf({
      desired: desired([resource("qualys.webApp.shop", app, { options: { adopt: true } }), resource("hexiosec.scan.corp", scan)]),
      state: snapshot([entry("hexiosec.scan.corp", scan)]),
      observations: observations([observed("qualys.webApp.shop", app, { match: "name" })]),
    }),
  "a schedule naming a second key of one option profile (asks for address identities)": () =>
    inputOf({
      desired: desired([resource("qualys.webApp.shop", app), resource("qualys.schedule.nightly", nightly("qualys.webApp.shop", "qualys.profile.initial"))]),
      state: snapshot([entry("qualys.webApp.shop", app), entry("qualys.schedule.nightly", nightly("qualys.webApp.shop", "qualys.profile.standard"))]),
      observations: observations([observed("qualys.webApp.shop", app), observed("qualys.schedule.nightly", nightly("qualys.webApp.shop", "qualys.profile.standard")), profile("standard"), profile("initial")]),
    }),
  "a moved: rename and a schedule that targets it": () =>
    inputOf({
      desired: desired([resource("qualys.webApp.shop-main", { ...app, name: "shop" }), resource("qualys.schedule.nightly", nightly("qualys.webApp.shop-main"))], moved),
      state: snapshot([entry("qualys.webApp.shop", app), entry("qualys.schedule.nightly", nightly("qualys.webApp.shop"))]),
      observations: observations([observed("qualys.webApp.shop", { ...app, name: "shop" }), observed("qualys.schedule.nightly", nightly("qualys.webApp.shop-main")), profile("standard")]),
    }),
  "a vendor that was not read": () =>
    inputOf({
      desired: desired([resource("qualys.webApp.shop", app), resource("hexiosec.scan.corp", scan)]),
      state: snapshot([entry("qualys.webApp.shop", app)]),
      observations: observations([observed("qualys.webApp.shop", app)], ["qualys"]),
    }),
};

describe("outcomes worked out ahead", () => {
  for (const [name, make] of Object.entries(scenarios)) {
    it(`give the plan the diff gives alone: ${name}`, async () => {
      const input = make();
      expect(diff({ ...input, early: await aheadOf(input) })).toEqual(diff(input));
    });
  }

  it("leave out a comparison that needs other vendors' address identities", async () => {
    const input = scenarios["a schedule naming a second key of one option profile (asks for address identities)"]!();
    const early = await aheadOf(input);
    expect(early.get("qualys")?.outcomes.has("qualys.schedule.nightly")).toBe(false);
    expect(early.get("qualys")?.outcomes.has("qualys.webApp.shop")).toBe(true);
  });

  it("leave out an address a moved: block renamed to", async () => {
    const input = scenarios["a moved: rename and a schedule that targets it"]!();
    expect((await aheadOf(input)).get("qualys")?.outcomes.has("qualys.webApp.shop-main")).toBe(false);
  });

  it("do nothing for the vendor read last, whose diff starts at once", async () => {
    const input = scenarios["no-op, update, create and drift across two vendors"]!();
    const untouchable = {
      get objects(): never {
        throw new Error("read the observation");
      },
      diagnostics: [],
    };
    const made = outcomesAhead({ desired: input.desired, vendor: "qualys", observation: untouchable, movedState: input.movedState!, kinds: KINDS, now: NOW, refresh: true }, () => true);
    await expect(made).resolves.toBeUndefined();
  });

  it("stop when nobody will take them", async () => {
    const input = scenarios["no-op, update, create and drift across two vendors"]!();
    const made = await outcomesAhead({ desired: input.desired, vendor: "qualys", observation: input.observations.get("qualys")!, movedState: input.movedState!, kinds: KINDS, now: NOW, refresh: true }, () => true);
    expect(made).toBeUndefined();
  });
});

describe("the diff takes an outcome worked out ahead", () => {
  const SHOP: Address = "qualys.webApp.shop";
  const marked = (early: Map<string, EarlyOutcomes>): Map<string, EarlyOutcomes> => {
    const q = early.get("qualys")!;
    const found = q.outcomes.get(SHOP)!;
    const marker: Outcome = { ...found.outcome, change: { ...found.outcome.change!, reason: "worked out ahead" } };
    return new Map([...early, ["qualys", { ...q, outcomes: new Map([...q.outcomes, [SHOP, { ...found, outcome: marker }]]) }]]);
  };
  const reasonOf = (input: DiffInput, early: Map<string, EarlyOutcomes>) => diff({ ...input, early }).plan.changes.find((c) => c.address === SHOP)?.reason;

  it("for the inputs it was worked out from", async () => {
    const input = scenarios["no-op, update, create and drift across two vendors"]!();
    expect(reasonOf(input, marked(await aheadOf(input)))).toBe("worked out ahead");
  });

  it("not for another observation of its vendor (a vendor's complete answer after its first)", async () => {
    const input = scenarios["no-op, update, create and drift across two vendors"]!();
    const early = marked(await aheadOf(input));
    const again = new Map(input.observations);
    again.set("qualys", { ...input.observations.get("qualys")! });
    expect(reasonOf({ ...input, observations: again }, early)).toBe("matches the manifests");
  });

  it("not for another moved state, clock or refresh", async () => {
    const input = scenarios["no-op, update, create and drift across two vendors"]!();
    const early = marked(await aheadOf(input));
    expect(reasonOf({ ...input, movedState: applyMoves(input.state!.resources, []) }, early)).toBe("matches the manifests");
    expect(reasonOf({ ...input, now: new Date(NOW.getTime() + 1) }, early)).toBe("matches the manifests");
    expect(diff({ ...input, refresh: false, early }).plan.changes.find((c) => c.address === SHOP)?.reason).not.toBe("worked out ahead");
  });

  it("not where the plan's index holds another object for the address", async () => {
    const input = scenarios["no-op, update, create and drift across two vendors"]!();
    const early = marked(await aheadOf(input));
    // Another vendor's observation answering for the address (a driver at fault), indexed after Qualys', changes what the index holds.
    const observations = new Map(input.observations);
    observations.set("zulu", { objects: [observed(SHOP, app)], diagnostics: [] });
    expect(reasonOf({ ...input, observations }, early)).toBe("matches the manifests");
  });
});
