import { configDefaults, defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // The reliability suite has its own config and command (`npm run test:reliability`).
    exclude: [...configDefaults.exclude, "test/reliability/**"],
    // Integration tests start emulators and Postgres clients; keep the 2-core CI machine from thrashing.
    pool: "forks",
    maxWorkers: 2,
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
