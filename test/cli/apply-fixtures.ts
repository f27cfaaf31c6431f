/** The flags apply tests start from: --auto-approve, no wait, no colour; each test overrides what it is about. */
import type { ApplyFlags } from "../../src/cli/apply.js";

export const applyFlags = (o: Partial<ApplyFlags> = {}): ApplyFlags => ({
  args: [],
  autoApprove: true,
  parallelism: 10,
  lockTimeoutMs: 0,
  wait: false,
  pollIntervalMs: 10_000,
  pollMaxIntervalMs: 300_000,
  json: false,
  color: false,
  debug: false,
  allowMassRecreate: false,
  ...o,
});
