import { driverContract, emulatorRig, field, recordById } from "./contract.js";

driverContract(
  "hexiosec",
  emulatorRig("hexiosec", {
    emulator: { pendingMs: 5, runDurationMs: 20 },
    manifests: {
      base: `
hexiosec:
  scans:
    perimeter:
      name: Contract perimeter
      group: Security
      type: continuous_own
      seeds: [example.com, 203.0.113.0/24]
      enabled: true
`,
      changed: `
hexiosec:
  scans:
    perimeter:
      name: Contract perimeter
      group: Security
      type: continuous_own
      seeds: [example.com, shop.example.com, 198.51.100.10-198.51.100.20]
      enabled: false
      dnsNamelist: true
`,
    },
    peek: (dump, _kind, ids) => recordById(field(dump, "scans"), "id", ids.id),
  }),
);
