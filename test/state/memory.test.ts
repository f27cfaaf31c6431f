import { backendContract } from "./contract.js";
import { type MemoryBackend, createMemoryBackend } from "../../src/state/memory.js";

backendContract({
  name: "memory",
  noProcessesBecause: "an in-memory store lives inside one process",
  async fresh() {
    let first: MemoryBackend | undefined;
    return {
      async open() {
        if (!first) return (first = createMemoryBackend());
        return first.peer();
      },
      async destroy() {},
    };
  },
});
