/** What every scenario is given and gives back. */
import type { BenchEmulators } from "./emulators.js";
import type { FreshMemory } from "./machine.js";
import type { Row } from "./table.js";

export interface ScenarioContext {
  readonly emulators: BenchEmulators;
  /** Added to every vendor answer in the timed scenarios. */
  readonly latencyMs: number;
  /** What a page of memory costs the first time it is written (bench/machine.ts), measured once a run. */
  readonly freshMemory: FreshMemory;
  /** Detail lines (calls by operation, how a bound was computed), printed as the scenario runs. */
  print(line: string): void;
}

export interface Scenario {
  readonly name: string;
  run(ctx: ScenarioContext): Promise<readonly Row[]>;
}
