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
  server: {
    proxy: {
      '/api': backend,
      '/v1': backend,
      '/healthz': backend,
      '/readyz': backend,
    },
  },
});
