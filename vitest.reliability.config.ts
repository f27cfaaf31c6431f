import { defineConfig } from "vitest/config";

/**
 * `npm run test:reliability`: faults, kills, concurrency, hostile answers and files, secrets, each
 * against the real CLI in a child process on loopback. Kept apart from `npm test` so the unit
 * suite stays fast; CI runs both. It writes RELIABILITY.md from its run.
 */
export default defineConfig({
  test: {
    include: ["test/reliability/**/*.test.ts"],
    globalSetup: ["test/reliability/global-setup.ts"],
    reporters: ["default", "./test/reliability/reporter.ts"],
    pool: "forks",
    // Two files at once on a 2-core machine: every case spends most of its time waiting on a child.
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 30_000,
  },
});
