/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

const backend = process.env.XN_BACKEND ?? 'http://127.0.0.1:8080';

// https://vite.dev/config/
export default defineConfig({
  plugins: [react()],
  server: {
    // docs/API.md (the integrator guide) is bundled as the GraphiQL example tabs.
    fs: { allow: [fileURLToPath(new URL('..', import.meta.url))] },
    proxy: {
      '/graphql': backend,
      '/healthz': backend,
      '/export': backend,
    },
  },
  build: {
    outDir: '../internal/webui/dist',
    emptyOutDir: true,
    manifest: true,
    // GraphiQL's monaco chunk is large by nature; it is lazy-loaded on /graphiql only.
    chunkSizeWarningLimit: 4096,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            // React and the router change rarely: one long-cached chunk, loaded first anyway.
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler|react-router|react-router-dom)[\\/]/ },
          ],
        },
      },
      onwarn(warning, warn) {
        // GraphiQL's dependencies carry React Compiler's "use no memo" directives; harmless when bundled.
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE' && warning.id?.includes('node_modules')) return;
        warn(warning);
      },
    },
  },
  worker: {
    format: 'es',
  },
  test: {
    environment: 'jsdom',
    globals: true,
    setupFiles: ['./src/test/setup.ts'],
    css: false,
    include: ['src/**/*.test.{ts,tsx}'],
    // antd's first render in jsdom is slow on a busy 2-core machine.
    testTimeout: 30_000,
  },
});
