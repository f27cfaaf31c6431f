import { driverContract, emulatorRig, field, recordById } from "./contract.js";

driverContract(
  "cortex",
  emulatorRig("cortex", {
    emulator: { pendingMs: 5, runDurationMs: 20 },
    manifests: {
      base: `
cortex:
  scans:
    lab:
      name: Contract lab
      template: 12
      scanners: [0f8e6c2a-3b1d-4c9e-8a7f-5d2e1b0c9a84]
      network: 3
      portList: 1
      targets: [10.40.0.0/24]
      schedule: { cadence: WEEKLY, days: [sun], at: "02:00", timezone: UTC, start: 2026-12-01 }
`,
      changed: `
cortex:
  scans:
    lab:
      name: Contract lab
      description: Now with the DMZ
      template: 12
      scanners: [0f8e6c2a-3b1d-4c9e-8a7f-5d2e1b0c9a84]
      network: 3
      portList: 1
      targets: [10.40.0.0/24, 192.0.2.0/28]
      schedule: { cadence: DAILY, at: "03:30", timezone: UTC, start: 2026-12-01 }
`,
    },
    peek: (dump, _kind, ids) => recordById(field(dump, "definitions"), "id", ids.definitionId),
  }),
);
