import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
  preprocess: vitePreprocess(),
  kit: {
    adapter: adapter({ out: 'build' }),
    alias: { $tests: 'tests' },
    // Issue #12 finding 7. 'auto': SvelteKit adds a nonce (or hash) to its own boot script, so
    // no 'unsafe-inline' for scripts. What the app needs beyond its own origin:
    // - 'wasm-unsafe-eval': the camera scanner compiles zxing-wasm's reader;
    // - style 'unsafe-inline': Svelte writes style attributes and transition keyframes;
    // - img data:/blob:: barcodes and previews; frame blob:: the print frame holds the PDF
    //   (connect blob: lets the page read back its own PDF, as the print test does);
    // - 'self' covers the Socket.IO websocket (ws/wss on the same host, CSP level 3).
    // frame-ancestors 'self' rather than 'none': only our own pages may frame a page.
    // No object-src 'none': the print frame's PDF inherits this policy, and Chromium's PDF
    // viewer crashes under it; object-src falls back to default-src 'self'.
    csp: {
      mode: 'auto',
      directives: {
        'default-src': ['self'],
        'script-src': ['self', 'wasm-unsafe-eval'],
        'style-src': ['self', 'unsafe-inline'],
        'img-src': ['self', 'data:', 'blob:'],
        'font-src': ['self', 'data:'],
        'connect-src': ['self', 'blob:'],
        'frame-src': ['self', 'blob:'],
        'worker-src': ['self', 'blob:'],
        'base-uri': ['self'],
        'form-action': ['self'],
        'frame-ancestors': ['self']
      }
    }
  },
  compilerOptions: { runes: true }
};

export default config;
