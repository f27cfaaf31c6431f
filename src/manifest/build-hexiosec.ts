/** `hexiosec.scans.<key>` → `hexiosec.scan.<key>`. */
import type { DesiredResource, HexiosecScanSpec } from "./model.js";
import type { RawHexiosecScan } from "./raw.js";
import type { ResourceInput } from "./resource.js";
import { normaliseTarget } from "./targets.js";

export function buildHexiosecScan(input: ResourceInput<RawHexiosecScan>): DesiredResource<HexiosecScanSpec> {
  const { raw } = input;
  // Hexiosec takes IPv6 seeds per its docs, so every target type is a valid seed here. A
  // continuous_vendor scan monitors a third party, so its seeds answer to that part of the scope.
  const scope = raw.type === "continuous_vendor" ? "thirdParties" : "owned";
  const seeds = input.scopedList("seeds", raw.seeds, normaliseTarget, "MANIFEST_BAD_SEED", scope);
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
