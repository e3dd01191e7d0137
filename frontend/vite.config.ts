/// <reference types="vitest/config" />
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

// `npm run dev` serves the console on Vite's port and forwards everything the backend owns to it.
const backend = 'http://localhost:3000';

export default defineConfig({
  plugins: [vue()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // The manifest lets test/bench/console.mjs (BENCH_ONLY=console) add up what each route loads.
    manifest: true,
    // ECharts' chunk is ~560 kB minified (~180 kB gzipped) and loads only with a chart; the warning is for the rest.
    chunkSizeWarningLimit: 600,
    rolldownOptions: {
      output: {
        // ECharts in one chunk of its own, fetched only by pages with a chart.
        codeSplitting: { includeDependenciesRecursively: false, groups: [{ name: 'echarts', test: /node_modules[\\/](echarts|zrender|vue-echarts)[\\/]/ }] },
      },
    },
  },
  // `npm test -w frontend`: pure modules, composables and components mounted in happy-dom. The browser tests
  // against a real server are in test/e2e.
  test: {
    environment: 'happy-dom',
    include: ['src/**/*.spec.ts'],
  },
  server: {
    proxy: {
      '/api': backend,
      '/v1': backend,
      '/healthz': backend,
      '/readyz': backend,
    },
  },
});
