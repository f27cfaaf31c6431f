/**
 * Everything of scanform that the bench's own process calls, gathered for one build (scanform.ts).
 * The emulators are not here: they are the vendors, not what is measured.
 */
export { applyPlan, DEFAULT_PARALLELISM } from "../src/apply/engine.js";
export { waitForRuns } from "../src/apply/wait.js";
export { runApply, toApplyFlags } from "../src/cli/apply.js";
export { tuneJitForShortRuns } from "../src/core/jit.js";
export { digest } from "../src/core/json.js";
export { createHttpClient } from "../src/http/client.js";
export { createRequestCounter } from "../src/http/counter.js";
export { sleep } from "../src/http/sleep.js";
export { loadDesired } from "../src/manifest/index.js";
export { openWorkspace } from "../src/ops/open-workspace.js";
export { countActions } from "../src/plan/action.js";
export { estimateCalls } from "../src/plan/estimate.js";
export { kindsOf, makePlan } from "../src/plan/make-plan.js";
export { callLine } from "../src/render/plan-calls.js";
export { LocalBackend } from "../src/state/local/local-backend.js";
export { createMemoryBackend } from "../src/state/memory.js";
export { STATE_FORMAT_VERSION } from "../src/state/model.js";
export { drivers } from "../src/vendors/index.js";
export { createQualysDriver } from "../src/vendors/qualys/driver.js";
