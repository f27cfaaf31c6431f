/**
 * scanform's programmatic API (the package's main export): the same operations the CLI runs, for
 * a program or a CI step that wants the plan as data. Open a workspace once, run operations on it,
 * close it. Operations return data and report through event sinks; nothing here writes to a
 * terminal or sets an exit code. See README "Use it from a program".
 */
export { VERSION } from "./core/version.js";
export { ScanformError, isScanformError, type Diagnostic } from "./core/errors.js";
export { openWorkspace, ManifestInvalidError } from "./ops/open-workspace.js";
export type { OpenWorkspace, Workspace, WorkspaceIO } from "./ops/workspace.js";
export { validateManifests } from "./ops/validate.js";
export { planOperation, type PlanOptions, type PlanOutcome } from "./ops/plan.js";
export { applyOperation, type ApplyIO, type ApplyOptions, type ApplyOutcome } from "./ops/apply.js";
export { waitOperation, type WaitIO } from "./ops/wait.js";
export { statusOperation } from "./ops/status.js";
export { doctorOperation, type DoctorReport } from "./ops/doctor.js";
export { lockRequest, type LockRequest } from "./state/lock-info.js";
export type { ApplyResult } from "./apply/engine.js";
export type { WaitResult } from "./apply/wait.js";
export type { StatusRow } from "./apply/status.js";
export type { LoadResult } from "./manifest/index.js";
export type { Plan } from "./plan/plan.js";
export { countPlan, hasChanges, type PlanCounts } from "./plan/summary.js";
export { readPlanFile, writePlanFile } from "./plan/plan-file.js";
export { renderPlanText } from "./render/plan-text.js";
export { renderPlanMarkdown } from "./render/plan-markdown.js";
export { renderPlanJson } from "./render/plan-json.js";
export type { ApplyEvent } from "./apply/events.js";
export type { WaitEvent } from "./apply/wait-events.js";
