import { sveltekit } from '@sveltejs/kit/vite';
import { svelteTesting } from '@testing-library/svelte/vite';
import { defineConfig } from 'vitest/config';
import { socketIoDevPlugin } from './scripts/vite-socket-io.js';

export default defineConfig({
  plugins: [sveltekit(), socketIoDevPlugin()],
  server: { host: '127.0.0.1', port: Number(process.env.PORT ?? 3000), strictPort: true },
  test: {
    globals: true,
    expect: { requireAssertions: true },
    projects: [
      {
        extends: true,
        plugins: [svelteTesting()],
        test: {
          name: 'component',
          environment: 'jsdom',
          include: ['src/**/*.svelte.test.ts'],
          setupFiles: ['./tests/setup-component.ts']
        }
      },
      {
        extends: true,
        test: {
          name: 'unit',
          environment: 'node',
          include: ['src/**/*.test.ts', 'scripts/**/*.test.ts', 'tests/support/**/*.test.ts'],
          exclude: ['src/**/*.svelte.test.ts']
        }
      },
      {
        extends: true,
        test: {
          name: 'integration',
          environment: 'node',
          include: ['tests/integration/**/*.test.ts'],
          // The tests run the sandboxes as the demo shop does; production mode is tested by switching it off.
          // A small proof of work for anonymous checkout (issue #12, finding 3): a few hundred hashes per order.
          env: { PACKBENCH_MODE: 'demo', SHOP_CHALLENGE_MAX_NUMBER: '500' },
          globalSetup: ['./tests/support/pocketbase-binary.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000
        }
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['tests/e2e/**/*.test.ts'],
          globalSetup: ['./tests/support/pocketbase-binary.ts', './tests/e2e/global-setup.ts'],
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 180_000
        }
      }
    ]
  }
});
