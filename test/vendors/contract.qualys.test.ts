import { driverContract, emulatorRig, field, recordById } from "./contract.js";

/** Where the emulator keeps each kind scanform writes; an on-demand scan exists at Qualys only once launched. */
const LISTS: Readonly<Record<string, string>> = { webApp: "webApps", schedule: "schedules" };

driverContract(
  "qualys",
  emulatorRig("qualys", {
    emulator: { runDurationMs: 30, submittedMs: 5 },
    manifests: {
      base: `
qualys:
  profiles:
    standard: { name: Initial WAS Options }
  webApps:
    store:
      name: Contract store
      url: https://store.example.com/
      tags: [prod]
      defaultProfile: standard
    store-api:
      name: Contract store API
      url: https://api.store.example.com/
  schedules:
    nightly:
      name: Contract nightly
      type: VULNERABILITY
      webApps: [store]
      profile: standard
      every: { days: 1 }
      at: "01:30"
      timezone: UTC
  scans:
    ci:
      name: Contract CI
      type: VULNERABILITY
      webApps: [store]
      profile: standard
      launch: always
`,
      changed: `
qualys:
  profiles:
    standard: { name: Initial WAS Options }
  webApps:
    store:
      name: Contract store
      url: https://shop.example.com/
      tags: [pci, prod]
      defaultProfile: standard
    store-api:
      name: Contract store API
      url: https://api.store.example.com/
  schedules:
    nightly:
      name: Contract nightly
      type: VULNERABILITY
      webApps: [store, store-api]
      profile: standard
      every: { weeks: 1, on: [sun] }
      at: "02:00"
      timezone: Europe/London
  scans:
    ci:
      name: Contract CI
      type: VULNERABILITY
      webApps: [store, store-api]
      profile: standard
      launch: always
`,
    },
    peek: (dump, kind, ids) => {
      const list = LISTS[kind];
      return list === undefined ? undefined : recordById(field(dump, list), "id", ids.id);
    },
  }),
);
