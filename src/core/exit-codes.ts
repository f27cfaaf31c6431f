/** The only place exit codes are defined: the apply engine's tally, the CLI and the GitHub Action share them; only those two edges exit with one. */
export const EXIT = {
  ok: 0,
  error: 1,
  /** `plan --detailed-exitcode`: success, and there are changes. */
  changes: 2,
  /** `apply FILE`: the saved plan is stale (state serial or an observed fingerprint moved). */
  stalePlan: 3,
  /** The state lock is held by someone else. */
  locked: 4,
  /** `wait` / `apply --wait`: a finished run tripped a gate of its `failOn`: the target is vulnerable. */
  gateTripped: 5,
  /** `wait` / `apply --wait`: a run failed, was cancelled, timed out or its status could not be read: the scan broke. */
  scanBroke: 6,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
