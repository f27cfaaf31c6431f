import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LocalBackend } from "../../src/state/local/local-backend.js";
import { backendContract } from "./contract.js";

backendContract({
  name: "local",
  async fresh() {
    const dir = await mkdtemp(join(tmpdir(), "scanform-state-"));
    const path = join(dir, ".scanform", "state.json");
    return {
      open: async () => new LocalBackend(path, { pollMs: 20 }),
      child: { kind: "local", path },
      destroy: () => rm(dir, { recursive: true, force: true }),
    };
  },
});
