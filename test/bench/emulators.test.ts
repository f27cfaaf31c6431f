/** The bench's emulator hosts, one process per vendor, asked over IPC how much CPU they used. */
import { describe, expect, it } from "vitest";
import { startBenchEmulators } from "../../bench/emulators.js";

describe("the bench's emulator hosts", () => {
  it("say how much CPU each vendor's process has used, to questions asked at once", async () => {
    const emulators = await startBenchEmulators();
    try {
      const answers = await Promise.all([emulators.cpuMs("qualys"), emulators.cpuMs("qualys"), emulators.cpuMs("hexiosec")]);
      for (const ms of answers) expect(ms).toBeGreaterThan(0);
    } finally {
      await emulators.close();
    }
  });

  it("refuse a question to a host that has exited, instead of crashing the bench", async () => {
    const emulators = await startBenchEmulators();
    await emulators.close();
    await expect(emulators.cpuMs("qualys")).rejects.toThrow("the qualys emulator host exited before it said how much CPU it used");
  });
});
