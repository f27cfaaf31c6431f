import { describe, expect, it } from "vitest";
import { stateEntry, desired, inParallel, profile, scheduleSpec, seedSchedule, seedWebApp, setup, webAppSpec } from "./helpers.js";

describe("qualys driver: observe at scale", () => {
  it("observes 2,000 web apps and 2,000 schedules in a handful of search calls", async () => {
    const s = await setup();
    const apps = await inParallel(2000, 16, (i) => seedWebApp(s, `app-${i}`, "<tags><set><Tag><id>5001</id></Tag></set></tags>"));
    const schedules = await inParallel(2000, 16, (i) => seedSchedule(s, `sched-${i}`, apps[i]!));
    const want = [
      profile(),
      ...apps.map((_, i) => desired("webApp", `app-${i}`, webAppSpec(`app-${i}`, { tags: ["prod"] }))),
      ...schedules.map((_, i) => desired("schedule", `sched-${i}`, scheduleSpec(`sched-${i}`, [`qualys.webApp.app-${i}`]))),
    ];
    const state = [...apps.map((id, i) => stateEntry("webApp", `app-${i}`, id)), ...schedules.map((id, i) => stateEntry("schedule", `sched-${i}`, id))];
    s.counter.reset();

    const o = await s.session.observe({ desired: want, state });

    expect(o.diagnostics).toEqual([]);
    expect(o.objects).toHaveLength(4001);
    expect(o.objects.find((x) => x.address === "qualys.schedule.sched-1999")?.spec["webApps"]).toEqual(["qualys.webApp.app-1999"]);
    // 2 pages of web apps + 2 pages of schedules + 1 profile lookup + 1 tag lookup.
    expect(s.counter.counts()).toEqual({
      "qualys.search.OptionProfile": 1,
      "qualys.search.Tag": 1,
      "qualys.search.WasScanSchedule": 2,
      "qualys.search.WebApp": 2,
    });
    expect(s.counter.total()).toBe(6);
  }, 60_000);
});
