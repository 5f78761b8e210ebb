// The data generator's tests are no part of `npm test` (they read the 37 MB village list):
// npx vitest run --config bench/data-gen/vitest.config.ts
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Vitest's cache under the repository's node_modules, not a node_modules of its own in bench/data-gen.
  cacheDir: fileURLToPath(new URL('../../node_modules/.vite/data-gen', import.meta.url)),
  test: {
    root: fileURLToPath(new URL('.', import.meta.url)),
    include: ['**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
