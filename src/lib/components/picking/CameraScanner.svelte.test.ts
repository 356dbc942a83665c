import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import CameraScanner, { type CameraScannerLabels } from './CameraScanner.svelte';

const labels: CameraScannerLabels = {
  starting: 'Starting camera…',
  aimHint: 'Hold the barcode inside the frame',
  chooseCamera: 'Camera',
  torchOn: 'Light on',
  torchOff: 'Light off',
  retry: 'Try again',
  permissionDenied: 'Camera access is blocked. Allow the camera for this site in the browser settings, then tap Try again.',
  noCamera: 'No camera found. Use the hand scanner or type the number.',
  cameraInUse: 'The camera is used by another app. Close it and tap Try again.',
  unsupported: 'This browser cannot use the camera here. Use the hand scanner or type the number.',
  failed: 'The camera could not be started.'
};

/** navigator.mediaDevices as jsdom has none; the real one needs a device and a permission prompt. */
function setMediaDevices(value: unknown) {
  Object.defineProperty(navigator, 'mediaDevices', { value, configurable: true });
}

function stubCamera(getUserMedia: () => Promise<MediaStream>) {
  const mediaDevices = { getUserMedia: vi.fn(getUserMedia), enumerateDevices: vi.fn(async () => []) };
  setMediaDevices(mediaDevices);
  return mediaDevices;
}

beforeEach(() => {
  // jsdom has no media playback; quagga2 pauses the video element when releasing the camera.
  vi.spyOn(HTMLMediaElement.prototype, 'pause').mockImplementation(() => {});
});

afterEach(() => {
  vi.restoreAllMocks();
  delete (navigator as { mediaDevices?: unknown }).mediaDevices;
});

describe('CameraScanner', () => {
  it('explains what to do when camera permission is denied, and retries on request', async () => {
    const camera = stubCamera(() => Promise.reject(new DOMException('Permission denied', 'NotAllowedError')));
    render(CameraScanner, { oncode: vi.fn(), labels });

    expect(await screen.findByRole('alert')).toHaveTextContent(labels.permissionDenied);
    expect(camera.getUserMedia).toHaveBeenCalledTimes(1);
    expect(camera.getUserMedia.mock.calls[0]).toEqual([
      expect.objectContaining({ audio: false, video: expect.objectContaining({ facingMode: 'environment' }) })
    ]);

    await userEvent.setup().click(screen.getByRole('button', { name: labels.retry }));
    await vi.waitFor(() => expect(camera.getUserMedia).toHaveBeenCalledTimes(2));
    expect(await screen.findByRole('alert')).toHaveTextContent(labels.permissionDenied);
  });

  it('says so when the device has no camera', async () => {
    stubCamera(() => Promise.reject(new DOMException('Requested device not found', 'NotFoundError')));
    render(CameraScanner, { oncode: vi.fn(), labels });
    expect(await screen.findByRole('alert')).toHaveTextContent(labels.noCamera);
  });

  it('says so when the browser has no camera API (e.g. page not on https)', async () => {
    setMediaDevices(undefined);
    render(CameraScanner, { oncode: vi.fn(), labels });
    expect(await screen.findByRole('alert')).toHaveTextContent(labels.unsupported);
  });
});
