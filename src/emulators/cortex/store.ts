/**
 * The emulator's memory: scan definitions (the validated payload, without `definition_id`) and
 * runs. Ids come from counters in separate ranges, so a client that confuses a definition id with
 * a run id is caught by a 404 rather than by luck.
 */
import type { JsonObject, JsonValue } from "../../core/json.js";
import { runState, type Run, type RunOutcome, type RunTiming } from "./runs.js";
import { maxOf } from "../../core/arrays.js";

export interface Definition {
  readonly id: number;
  readonly payload: JsonObject;
  readonly createdAt: number;
  readonly updatedAt: number;
}

export const FIRST_DEFINITION_ID = 100;
export const FIRST_RUN_ID = 7000;

export class CortexStore {
  definitions = new Map<number, Definition>();
  runs = new Map<number, Run>();
  nextDefinitionId = FIRST_DEFINITION_ID;
  nextRunId = FIRST_RUN_ID;

  reset(): void {
    this.definitions.clear();
    this.runs.clear();
    this.nextDefinitionId = FIRST_DEFINITION_ID;
    this.nextRunId = FIRST_RUN_ID;
  }

  /** Runs carry their derived `state` for readers; `load` recomputes it and ignores the field. */
  dump(now: number, timing: RunTiming): JsonValue {
    return {
      definitions: [...this.definitions.values()].map((d) => ({ id: d.id, payload: d.payload, createdAt: d.createdAt, updatedAt: d.updatedAt })),
      runs: [...this.runs.values()].map((r) => ({ ...r, state: runState(r, now, timing) })),
      nextDefinitionId: this.nextDefinitionId,
      nextRunId: this.nextRunId,
    };
  }

  load(state: JsonValue): void {
    const root = record(state, "state");
    const definitions = list(root.definitions, "definitions").map((v, i): Definition => {
      const d = record(v, `definitions[${i}]`);
      return { id: int(d.id, "definition id"), payload: record(d.payload, "definition payload"), createdAt: int(d.createdAt, "createdAt"), updatedAt: int(d.updatedAt, "updatedAt") };
    });
    const runs = list(root.runs, "runs").map((v, i): Run => {
      const r = record(v, `runs[${i}]`);
      const outcome = r.outcome === "Failed" ? "Failed" : "Completed";
      return {
        id: int(r.id, "run id"),
        definitionId: int(r.definitionId, "run definitionId"),
        target: typeof r.target === "string" ? r.target : null,
        launchedAt: int(r.launchedAt, "run launchedAt"),
        activeMs: int(r.activeMs, "run activeMs"),
        segmentStart: r.segmentStart === null ? null : int(r.segmentStart, "run segmentStart"),
        aborted: r.aborted === true,
        outcome: outcome satisfies RunOutcome,
      };
    });
    this.definitions = new Map(definitions.map((d) => [d.id, d]));
    this.runs = new Map(runs.map((r) => [r.id, r]));
    this.nextDefinitionId = maxOf(definitions.map((d) => d.id + 1), Math.max(FIRST_DEFINITION_ID, optionalInt(root.nextDefinitionId)));
    this.nextRunId = maxOf(runs.map((r) => r.id + 1), Math.max(FIRST_RUN_ID, optionalInt(root.nextRunId)));
  }
}

function record(v: JsonValue | undefined, what: string): JsonObject {
  if (v === null || typeof v !== "object" || Array.isArray(v)) throw new Error(`${what} must be an object`);
  return v as JsonObject;
}

function list(v: JsonValue | undefined, what: string): readonly JsonValue[] {
  if (v === undefined) return [];
  if (!Array.isArray(v)) throw new Error(`${what} must be a list`);
  return v as readonly JsonValue[];
}

function int(v: JsonValue | undefined, what: string): number {
  if (typeof v !== "number" || !Number.isInteger(v)) throw new Error(`${what} must be an integer`);
  return v;
}

const optionalInt = (v: JsonValue | undefined): number => (typeof v === "number" && Number.isInteger(v) ? v : 0);
