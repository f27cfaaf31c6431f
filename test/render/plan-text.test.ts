import { describe, expect, it } from "vitest";
import { useColor } from "../../src/render/color.js";
import { renderPlanText } from "../../src/render/plan-text.js";
import { entry, observations, observed, only, resource, runDiff, snapshot } from "../plan/fakes.js";
import { everyActionPlan } from "./every-action.js";

const ESC = "\u001b[";

describe("plan text", () => {
  it("renders a plan holding every action like the golden file", async () => {
    await expect(renderPlanText(everyActionPlan(), { color: false })).toMatchFileSnapshot("__golden__/every-action.txt");
  });

  it("says there is nothing to do when the vendors match the manifests", () => {
    const app = { url: "https://shop.example.com" };
    const plan = only(runDiff({ resources: [resource("qualys.webApp.shop", app)], state: snapshot([entry("qualys.webApp.shop", app)]), observations: observations([observed("qualys.webApp.shop", app)]) }));
    expect(renderPlanText(plan)).toBe("No changes. The vendors match the manifests.\n");
  });

  it("ends with the summary line", () => {
    const plan = only(runDiff({ resources: [resource("qualys.webApp.a", {}), resource("qualys.webApp.b", {})] }));
    expect(renderPlanText(plan).trimEnd().split("\n").at(-1)).toBe("Plan: 2 to add, 0 to change, 0 to destroy, 0 to launch.");
  });

  it("colours symbols when asked to", () => {
    expect(renderPlanText(everyActionPlan(), { color: true })).toContain(`${ESC}32m+${ESC}39m`);
  });

  it("holds no escape codes without colour", () => {
    expect(renderPlanText(everyActionPlan(), { color: false })).not.toContain(ESC);
  });
});

describe("plan text shows values as the manifests write them", () => {
  it("leaves out a field left unset, such as a scan relying on each web app's defaultProfile", () => {
    const scan = resource("qualys.scan.nightly", { type: "VULNERABILITY", webApps: ["qualys.webApp.shop"], profile: null }, { dependsOn: ["qualys.webApp.shop"] });
    const plan = only(runDiff({ resources: [resource("qualys.webApp.shop", { url: "https://shop.example.com" }), scan] }));
    expect(renderPlanText(plan)).toContain(
      ["+ qualys.scan.nightly", '      + name    = "nightly"', '      + type    = "VULNERABILITY"', '      + webApps = ["shop"]', ""].join("\n"),
    );
  });

  it("shows a reference by the key written, in a diff of a set too", () => {
    const before = { profile: "qualys.profile.fast", webApps: ["qualys.webApp.shop"] };
    const after = { profile: "qualys.profile.deep", webApps: ["qualys.webApp.blog", "qualys.webApp.shop"] };
    const data = (a: string) => resource(a, {}, { mode: "data" });
    const resources = [data("qualys.profile.fast"), data("qualys.profile.deep"), resource("qualys.webApp.shop", {}), resource("qualys.webApp.blog", {})];
    const schedule = resource("qualys.schedule.weekly", after, { dependsOn: ["qualys.profile.deep", "qualys.webApp.blog", "qualys.webApp.shop"] });
    const state = snapshot([entry("qualys.schedule.weekly", before), entry("qualys.webApp.shop", {}), entry("qualys.webApp.blog", {})]);
    const seen = observations([observed("qualys.schedule.weekly", before), observed("qualys.webApp.shop", {}), observed("qualys.webApp.blog", {})]);
    const text = renderPlanText(only(runDiff({ resources: [...resources, schedule], state, observations: seen })));
    expect(text).toContain(['      ~ profile = "fast" -> "deep"', "      ~ webApps = [", '          + "blog",', "        ]"].join("\n"));
  });

  it("leaves a value that only looks like an address the plan does not know", () => {
    const plan = only(runDiff({ resources: [resource("qualys.webApp.shop", { tags: ["qualys.webApp.other"] })] }));
    expect(renderPlanText(plan)).toContain('+ tags = ["qualys.webApp.other"]');
  });
});

describe("useColor", () => {
  const tty = { isTTY: true };
  it.each([
    ["a terminal", tty, {}, false, true],
    ["a pipe or a file", { isTTY: false }, {}, false, false],
    ["--no-color", tty, {}, true, false],
    ["NO_COLOR set", tty, { NO_COLOR: "1" }, false, false],
    ["NO_COLOR empty", tty, { NO_COLOR: "" }, false, true],
    ["FORCE_COLOR=1 in a CI log", { isTTY: false }, { FORCE_COLOR: "1" }, false, true],
    ["FORCE_COLOR=true beside NO_COLOR", { isTTY: false }, { FORCE_COLOR: "true", NO_COLOR: "1" }, false, true],
    ["FORCE_COLOR=0 on a terminal", tty, { FORCE_COLOR: "0" }, false, false],
    ["FORCE_COLOR=false on a terminal", tty, { FORCE_COLOR: "false" }, false, false],
    ["FORCE_COLOR empty", { isTTY: false }, { FORCE_COLOR: "" }, false, false],
    ["FORCE_COLOR with --no-color", tty, { FORCE_COLOR: "1" }, true, false],
  ])("for %s is %s", (_name, stream, env, flag, expected) => {
    expect(useColor(stream, env, flag)).toBe(expected);
  });
});

describe("plan text of a huge plan", () => {
  it("renders more lines than a call can take as arguments", () => {
    const spec = { url: "https://shop.example.com", owner: "team", tags: ["a", "b"], depth: 3 };
    const resources = Array.from({ length: 25_000 }, (_, i) => resource(`qualys.webApp.app${i}`, spec));
    const text = renderPlanText(only(runDiff({ resources })));
    expect(text.split("\n").length).toBeGreaterThan(150_000);
    expect(text.trimEnd().split("\n").at(-1)).toBe("Plan: 25000 to add, 0 to change, 0 to destroy, 0 to launch.");
  });
});
