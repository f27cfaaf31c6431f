/**
 * Issue 14: what apply's state costs per resource stays flat from 100 to 10,000 resources, on the
 * real `local` and `postgres` backends (the memory backend hid the quadratic rewrites). Each run
 * takes the lock as apply does and records every resource the way apply records a create, through
 * apply's own StateLog with 10 steps in flight: the journal entry opened (and durable) before the
 * call, then the answer written together with the entry's close; then the lock is released, which
 * folds the log into the state. Bytes are every byte this process wrote meanwhile (/proc/self/io
 * wchar: the files for local, the statements sent for postgres); writes are the backend's write and
 * append calls. No vendor is involved: this is the state's share of an apply, not its calls.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pLimit from "p-limit";
import { DEFAULT_PARALLELISM } from "../../src/apply/engine.js";
import { putEntry, StateLog } from "../../src/apply/state-log.js";
import type { StateBackend } from "../../src/state/capabilities.js";
import { LocalBackend } from "../../src/state/local/local-backend.js";
import { lockRequest } from "../../src/state/lock-info.js";
import { openPostgresBackend } from "../../src/state/postgres/postgres-backend.js";
import type { Scenario, ScenarioContext } from "../scenario.js";
import type { Row } from "../table.js";

const SIZES = [100, 1_000, 10_000] as const;
/** How much more a resource may cost at 10,000 than at 100: flat, with room for a noisy machine. */
const BYTES_GROWTH = 1.25;
const CPU_GROWTH = 1.5;
const PG_URL = process.env.SCANFORM_BENCH_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test";

interface Figures {
  readonly writes: number;
  readonly bytes: number;
  readonly cpuMs: number;
}

const wchar = async (): Promise<number> => Number(/wchar: (\d+)/.exec(await readFile("/proc/self/io", "utf8"))?.[1] ?? NaN);

function counted(backend: StateBackend): { backend: StateBackend; writes: () => number } {
  let writes = 0;
  const write = backend.write.bind(backend);
  const append = backend.append.bind(backend);
  backend.write = (...a) => ((writes += 1), write(...a));
  backend.append = (...a) => ((writes += 1), append(...a));
  return { backend, writes: () => writes };
}

async function applyLike(backend: StateBackend, n: number): Promise<Figures> {
  const meter = counted(backend);
  const held = await backend.lock(lockRequest("apply", process.env));
  const log = new StateLog(backend);
  await log.load();
  const limit = pLimit(DEFAULT_PARALLELISM);
  const cpu = process.cpuUsage();
  const bytes = await wchar();
  await Promise.all(Array.from({ length: n }, (_, i) => limit(async () => {
    const address = `qualys.webApp.app-${i}`;
    await log.open({ id: `j-${i}`, address, vendor: "qualys", kind: "webApp", operation: "create", naturalKey: `app-${i}`, specDigest: "sha256:x", startedAt: new Date().toISOString() });
    const spec = { name: `app-${i}`, url: `https://app-${i}.example.com`, tags: ["prod", "pci"], scanner: { type: "EXTERNAL" } };
    await log.update(putEntry({ address, vendor: "qualys", kind: "webApp", ids: { id: String(100_000 + i) }, spec, digest: `sha256:${i}`, protect: false, origin: "created", updatedAt: new Date().toISOString() }), `j-${i}`);
  })));
  await held.release();
  const used = process.cpuUsage(cpu);
  const figures = { writes: meter.writes(), bytes: (await wchar()) - bytes, cpuMs: (used.user + used.system) / 1000 };
  const read = await backend.read();
  if (Object.keys(read?.resources ?? {}).length !== n || (read?.journal.length ?? 1) !== 0) throw new Error(`the state after ${n} steps does not hold exactly ${n} resources and no open journal entry`);
  return figures;
}

type Open = (run: string) => Promise<{ backend: StateBackend; cleanup: () => Promise<void> }>;

const local: Open = async () => {
  const dir = await mkdtemp(join(tmpdir(), "scanform-bench-state-"));
  return { backend: new LocalBackend(join(dir, "state.json")), cleanup: () => rm(dir, { recursive: true, force: true }) };
};

const postgres: Open = async (run) => {
  const prefix = `bench_${process.pid}_${run}`;
  const backend = await openPostgresBackend({ url: PG_URL, workspace: "bench", tablePrefix: prefix });
  const pg = (await import("pg")).default;
  return {
    backend,
    cleanup: async () => {
      const client = new pg.Client(PG_URL);
      await client.connect();
      await client.query(`DROP TABLE IF EXISTS ${prefix}_states, ${prefix}_state_log, ${prefix}_locks`);
      await client.end();
    },
  };
};

async function backendRows(name: string, open: Open, ctx: ScenarioContext): Promise<Row[]> {
  const per = new Map<number, Figures>();
  for (const n of SIZES) {
    const { backend, cleanup } = await open(String(n));
    try {
      const f = await applyLike(backend, n);
      per.set(n, f);
      ctx.print(`${name} ${n}: ${f.writes} writes (${(f.writes / n).toFixed(2)} per resource), ${Math.round(f.bytes / n)} bytes and ${(f.cpuMs / n).toFixed(3)} ms CPU per resource`);
    } finally {
      await backend.dispose();
      await cleanup();
    }
  }
  const first = per.get(SIZES[0])!;
  return SIZES.flatMap((n) => {
    const f = per.get(n)!;
    const last = n === SIZES[SIZES.length - 1];
    const bytesRatio = f.bytes / n / (first.bytes / SIZES[0]);
    const cpuRatio = f.cpuMs / n / (first.cpuMs / SIZES[0]);
    return [
      { scenario: "state-writes", metric: `${name}: bytes written per resource, ${n}`, measured: `${Math.round(f.bytes / n)} B`, target: last ? `≤ ${BYTES_GROWTH}× at ${SIZES[0]}` : "", ...(last ? { ratio: `${bytesRatio.toFixed(2)}×`, pass: bytesRatio <= BYTES_GROWTH } : {}) },
      { scenario: "state-writes", metric: `${name}: apply CPU per resource, ${n}`, measured: `${(f.cpuMs / n).toFixed(3)} ms`, target: last ? `≤ ${CPU_GROWTH}× at ${SIZES[0]}` : "", ...(last ? { ratio: `${cpuRatio.toFixed(2)}×`, pass: cpuRatio <= CPU_GROWTH } : {}) },
      { scenario: "state-writes", metric: `${name}: writes per resource, ${n}`, measured: (f.writes / n).toFixed(2), target: "" },
    ];
  });
}

export const stateWrites: Scenario = {
  name: "state-writes",
  run: async (ctx) => [...(await backendRows("local", local, ctx)), ...(await backendRows("postgres", postgres, ctx))],
};
