import { defineConfig } from 'vite';

// React's JSX through esbuild's automatic runtime: no plugin needed. The dev server proxies
// the API to a farol on :8080 (`farol serve`), so `npm run dev` works against real data.
export default defineConfig({
  esbuild: { jsx: 'automatic' },
  build: {
    outDir: 'dist',
    assetsDir: 'assets',
    sourcemap: false,
    target: 'es2022',
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:8080' },
  },
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx'],
    environment: 'node',
  },
});
