// The reader .wasm from the zxing-wasm package, emitted by Vite as one of our own
// assets: the tablet never fetches it from a CDN.
import zxingReaderWasmUrl from 'zxing-wasm/reader/zxing_reader.wasm?url';
import { useZXingWasm } from './decode';

let configured = false;

/** Idempotent, so reopening the camera reuses the instantiated wasm module. */
export function useBundledZXingWasm(): void {
  if (configured) return;
  useZXingWasm({ wasmUrl: zxingReaderWasmUrl });
  configured = true;
}
