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
