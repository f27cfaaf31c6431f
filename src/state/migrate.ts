/**
 * Reading a stored snapshot of any version this scanform knows: older formats are upgraded one
 * step at a time to the current one, newer ones are refused (an older scanform must not rewrite a
 * newer state and lose what it does not understand), and the result is shape-checked.
 */
import { isRecord } from "../core/json.js";
import { corruptState, unsupportedVersion } from "./errors.js";
import { STATE_FORMAT_VERSION, type StateSnapshot } from "./model.js";
import { ShapeProblem, validateSnapshot } from "./validate.js";

type RawState = Readonly<Record<string, unknown>>;

/** Upgrades a raw state of version `from` to version `from + 1`. */
export interface Migration {
  readonly from: number;
  upgrade(raw: RawState): RawState;
}

/**
 * One entry per format change, in order; format 1 is the first released, so none exist yet. When
 * the format changes: bump STATE_FORMAT_VERSION, add `{ from: N, upgrade }` here, and a test.
 */
const MIGRATIONS: readonly Migration[] = [];

/** `where` names the file or workspace in every error. */
export function migrate(raw: unknown, where = "state"): StateSnapshot {
  return validated(upgrade(raw, where, MIGRATIONS, STATE_FORMAT_VERSION), where);
}

/** The version ladder alone, apart so it can be exercised with other ladders than today's. */
export function upgrade(raw: unknown, where: string, migrations: readonly Migration[], current: number): RawState {
  if (!isRecord(raw)) throw corruptState(where, "it is not a JSON object");
  let state = raw;
  let version = state.version;
  if (typeof version !== "number" || !Number.isSafeInteger(version) || version < 1) {
    throw corruptState(where, `its "version" is ${JSON.stringify(version) ?? "missing"}, not a format version`);
  }
  if (version > current) throw unsupportedVersion(where, version, current);
  while (version < current) {
    const step = migrations.find((m) => m.from === version);
    if (!step) throw unsupportedVersion(where, version, current);
    state = { ...step.upgrade(state), version: version + 1 };
    version += 1;
  }
  return state;
}

function validated(raw: RawState, where: string): StateSnapshot {
  try {
    return validateSnapshot(raw);
  } catch (e) {
    if (e instanceof ShapeProblem) throw corruptState(where, e.message, e);
    throw e;
  }
}
