import { defineConfig, type PluginOption } from 'vite';
import react from '@vitejs/plugin-react';

// The server serves dist/ on the same origin as /api; in development Vite proxies /api to it.
export default defineConfig({
  // The plugin is typed against the vite hoisted to the root (vitest's), not this workspace's: same plugin API.
  plugins: [react() as unknown as PluginOption],
  server: {
    port: 5173,
    proxy: { '/api': { target: 'http://localhost:3000', changeOrigin: false } },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    rollupOptions: {
      onwarn(warning, warn) {
        // Comments in zod's sources mention @__PURE__ in prose; Rollup flags them, and nothing is wrong.
        if (warning.code === 'INVALID_ANNOTATION' && warning.id?.includes('/node_modules/zod/')) return;
        warn(warning);
      },
      output: {
        // React and its companions change far less often than the app: a chunk of their own stays cached. Ant
        // Design is left to the route chunks (pages are lazy), so each page loads only the components it uses.
        manualChunks(id) {
          const name = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(id)?.[1];
          if (
            name &&
            /^(react|react-dom|scheduler|react-router|react-router-dom|@tanstack\/.+)$/.test(name)
          ) {
            return 'vendor-react';
          }
          return undefined;
        },
      },
    },
  },
});
