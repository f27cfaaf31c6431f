/** `hexiosec.scans.<key>` → `hexiosec.scan.<key>`. */
import type { DesiredResource, HexiosecScanSpec } from "./model.js";
import type { RawHexiosecScan } from "./raw.js";
import type { ResourceInput } from "./resource.js";
import { normaliseTarget } from "./targets.js";

export function buildHexiosecScan(input: ResourceInput<RawHexiosecScan>): DesiredResource<HexiosecScanSpec> {
  const { raw } = input;
  // Hexiosec takes IPv6 seeds per its docs, so every target type is a valid seed here.
  const seeds = input.normaliseList("seeds", raw.seeds, normaliseTarget, "MANIFEST_BAD_SEED");
  return input.resource({
    spec: {
      name: input.name,
      group: raw.group,
      type: raw.type,
      seeds,
      enabled: raw.enabled ?? false,
      dnsNamelist: raw.dnsNamelist ?? false,
      ignoreIpNodes: raw.ignoreIpNodes ?? false,
    },
  });
}
