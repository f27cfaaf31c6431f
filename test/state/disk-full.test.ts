/** The local backend on a full disk: nothing acknowledged is lost, and the failure says so with a code. */
import { mkdtemp, open, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { LocalBackend } from "../../src/state/local/local-backend.js";
import { lockRequest } from "../../src/state/lock-info.js";
import { emptySnapshot } from "../../src/state/snapshot.js";
import { failure, stateEntry } from "./fixtures.js";

let dir: string;
let path: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "scanform-full-"));
  path = join(dir, "state.json");
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const who = lockRequest("test", { USER: "tester" });
const noSpace = (): Error => Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC" });

/**
 * Opens files as the backend would, on a disk with `free` bytes left (unlimited while undefined): a
 * write takes what fits and reports that count, as write(2) does, and one with no room fails ENOSPC.
 * `short` cuts the next write to that many bytes without an error, as a nearly full disk may.
 */
function disk(): { free: number | undefined; short: number | undefined; open: typeof open } {
  const d = {
    free: undefined as number | undefined,
    short: undefined as number | undefined,
    open: (async (...args: Parameters<typeof open>) => {
      const real = await open(...args);
      const write = async (buffer: Buffer, offset = 0, length = buffer.length - offset) => {
        if (d.free === 0) throw noSpace();
        const n = Math.min(length, d.free ?? length, d.short ?? length);
        d.short = undefined;
        if (d.free !== undefined) d.free -= n;
        return real.write(buffer, offset, n);
      };
      const writeFile = async (data: string) => {
        const bytes = Buffer.from(data);
        for (let at = 0; at < bytes.length; at += (await write(bytes, at)).bytesWritten);
      };
      return new Proxy(real, {
        get: (target, key) => {
          if (key === "write") return write;
          if (key === "writeFile") return writeFile;
          const value = Reflect.get(target, key) as unknown;
          return typeof value === "function" ? value.bind(target) : value;
        },
      });
    }) as typeof open,
  };
  return d;
}

describe("local state on a full disk", () => {
  it("finishes an append whose first write took only part of the line", async () => {
    const d = disk();
    const backend = new LocalBackend(path, { openFile: d.open });
    const v1 = await backend.write(emptySnapshot("l"), undefined);
    d.short = 10;
    await backend.append([{ put: stateEntry("hexiosec.scan.a") }], v1);
    expect(await new LocalBackend(path).read()).toMatchObject({ serial: 2, resources: { "hexiosec.scan.a": stateEntry("hexiosec.scan.a") } });
  });

  it("refuses an append the disk had no room for as STATE_WRITE_FAILED, naming the log, and leaves the log as it was", async () => {
    const d = disk();
    const backend = new LocalBackend(path, { openFile: d.open });
    const held = await backend.lock(who);
    const v2 = await backend.append([{ put: stateEntry("hexiosec.scan.a") }], await backend.write(emptySnapshot("l"), undefined));
    const before = await readFile(`${path}.log`);
    d.free = 100;

    const e = await failure(backend.append([{ put: stateEntry("hexiosec.scan.b") }], v2));

    expect(e.code).toBe("STATE_WRITE_FAILED");
    expect(e.message).toBe(`Cannot write the state at ${path}: ${path}.log cannot grow, the disk is full.`);
    expect(await readFile(`${path}.log`)).toEqual(before);
    d.free = undefined;
    await backend.append([{ put: stateEntry("hexiosec.scan.b") }], v2);
    await held.release();
    expect(Object.keys((await new LocalBackend(path).read())!.resources)).toEqual(["hexiosec.scan.a", "hexiosec.scan.b"]);
  });

  it("reports a full disk while folding the log at release as STATE_WRITE_FAILED, keeping every record and no temp file", async () => {
    const d = disk();
    const backend = new LocalBackend(path, { openFile: d.open });
    const held = await backend.lock(who);
    await backend.append([{ put: stateEntry("hexiosec.scan.a") }], await backend.write(emptySnapshot("l"), undefined));
    d.free = 0;

    const e = await failure(held.release());

    expect(e.code).toBe("STATE_WRITE_FAILED");
    expect(e.message).toBe(`Cannot write the state at ${path}: ${path} cannot be replaced, the disk is full.`);
    expect((await readdir(dir)).sort()).toEqual(["state.json", "state.json.log"]);
    expect(await new LocalBackend(path).read()).toMatchObject({ serial: 2, resources: { "hexiosec.scan.a": stateEntry("hexiosec.scan.a") } });
  });
});
