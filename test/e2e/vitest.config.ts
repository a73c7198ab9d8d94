/**
 * The browser end-to-end suite (test/e2e): a second vitest run, chained after the
 * unit suite in `npm test`. One fork, long timeouts: it builds the app, serves it
 * with `vite preview` on 127.0.0.1 and drives Debian's chromium.
 */
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    root: new URL("../..", import.meta.url).pathname,
    include: ["test/e2e/**/*.test.ts"],
    testTimeout: 180_000,
    hookTimeout: 180_000,
    pool: "forks",
    fileParallelism: false,
  },
});
