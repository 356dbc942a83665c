/**
 * Browser glue for the packer tablet's camera: choose and open a camera through
 * quagga2's CameraAccess, torch, and a FrameScanner that grabs the target area
 * of the video a few times a second, decodes it and confirms reads.
 */
import type { QuaggaJSCameraAccess } from '@ericblade/quagga2';
import { ReadConfirmer, type ReadConfirmerOptions } from './confirm';
import { decodeFrame, type DecodeOptions, type ScanRead } from './decode';
import { useBundledZXingWasm } from './zxing-browser';

export type CameraProblem = 'permission-denied' | 'no-camera' | 'camera-in-use' | 'unsupported' | 'failed';

/** Why the camera could not be opened, in terms the packer can act on. */
export function cameraProblemOf(error: unknown): CameraProblem {
  const name = (error as { name?: string } | null)?.name ?? '';
  if (name === 'NotAllowedError' || name === 'PermissionDeniedError' || name === 'SecurityError') return 'permission-denied';
  if (name === 'NotFoundError' || name === 'DevicesNotFoundError' || name === 'OverconstrainedError') return 'no-camera';
  if (name === 'NotReadableError' || name === 'TrackStartError' || name === 'AbortError') return 'camera-in-use';
  if (name === 'NotSupportedError' || name === 'TypeError') return 'unsupported';
  return 'failed';
}

async function cameraAccess(): Promise<QuaggaJSCameraAccess> {
  // Loaded on demand: quagga2 is large and only the camera page needs it.
  const { default: Quagga } = await import('@ericblade/quagga2');
  return Quagga.CameraAccess;
}

const CAMERA_KEY = 'packbench.scanner.cameraId';

export function rememberedCameraId(): string | null {
  try {
    return localStorage.getItem(CAMERA_KEY);
  } catch {
    return null; // storage disabled (private mode)
  }
}

export function rememberCamera(deviceId: string): void {
  try {
    localStorage.setItem(CAMERA_KEY, deviceId);
  } catch {
    // not remembering is fine
  }
}

export async function listCameras(): Promise<MediaDeviceInfo[]> {
  return (await cameraAccess()).enumerateVideoDevices();
}

export interface OpenCamera {
  track: MediaStreamTrack | null;
  torchSupported: boolean;
}

/** Starts the camera into `video`; the back camera unless a device is chosen. Throws on failure. */
export async function openCamera(video: HTMLVideoElement, deviceId?: string | null): Promise<OpenCamera> {
  if (typeof navigator === 'undefined' || typeof navigator.mediaDevices?.getUserMedia !== 'function') {
    // Also what a page served over plain http (not localhost) sees.
    throw new DOMException('Camera API not available', 'NotSupportedError');
  }
  const access = await cameraAccess();
  const size = { width: { ideal: 1280 }, height: { ideal: 720 } };
  await access.request(video, deviceId ? { ...size, deviceId: { exact: deviceId } } : { ...size, facingMode: 'environment' });
  const track = access.getActiveTrack();
  return { track, torchSupported: torchSupported(track) };
}

export async function closeCamera(): Promise<void> {
  await (await cameraAccess()).release();
}

export function torchSupported(track: MediaStreamTrack | null): boolean {
  const capabilities = track?.getCapabilities?.() as { torch?: boolean } | undefined;
  return capabilities?.torch === true;
}

export async function setTorch(on: boolean): Promise<void> {
  const access = await cameraAccess();
  await (on ? access.enableTorch() : access.disableTorch());
}

/** The part of the video that is scanned, as fractions of its width and height; drawn as the overlay. */
export interface TargetArea {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const DEFAULT_TARGET_AREA: TargetArea = { x: 0.1, y: 0.3, width: 0.8, height: 0.4 };

export interface FrameScannerOptions {
  onCode: (read: ScanRead) => void;
  /** a confirmed code still in view was read again and held back (how many times so far) */
  onHeldBack?: (count: number) => void;
  target?: TargetArea;
  /** Time between grabbed frames; default 150 ms (about 6 frames a second). */
  intervalMs?: number;
  /** Grabbed frames are shrunk to at most this width; default 960 px. */
  maxWidth?: number;
  confirm?: ReadConfirmerOptions;
  decode?: DecodeOptions;
}

export class FrameScanner {
  private readonly confirmer: ReadConfirmer;
  private readonly canvas = document.createElement('canvas');
  private readonly context: CanvasRenderingContext2D | null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private running = false;

  constructor(
    private readonly video: HTMLVideoElement,
    private readonly opts: FrameScannerOptions
  ) {
    this.confirmer = new ReadConfirmer(opts.confirm);
    this.context = this.canvas.getContext('2d', { willReadFrequently: true });
    useBundledZXingWasm();
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.schedule();
  }

  stop(): void {
    this.running = false;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.confirmer.reset();
  }

  /** Forget the last confirmed code, e.g. after the packer moved to the next order line. */
  reset(): void {
    this.confirmer.reset();
  }

  private schedule(): void {
    // setTimeout after each decode, not setInterval: a slow frame never piles up work.
    if (this.running) this.timer = setTimeout(() => void this.scanOnce(), this.opts.intervalMs ?? 150);
  }

  private async scanOnce(): Promise<void> {
    try {
      const frame = this.grab();
      const read = frame ? await decodeFrame(frame.data, frame.width, frame.height, this.opts.decode) : null;
      const held = this.confirmer.heldBack;
      const confirmed = this.running ? this.confirmer.offer(read) : null;
      if (confirmed) this.opts.onCode(confirmed);
      else if (this.confirmer.heldBack !== held) this.opts.onHeldBack?.(this.confirmer.heldBack);
    } catch (error) {
      console.error('FrameScanner: frame skipped', error);
    } finally {
      this.schedule();
    }
  }

  private grab(): ImageData | null {
    const { video, context, canvas } = this;
    if (!context || video.readyState < 2 || video.videoWidth === 0) return null;
    const area = this.opts.target ?? DEFAULT_TARGET_AREA;
    const sx = Math.round(video.videoWidth * area.x);
    const sy = Math.round(video.videoHeight * area.y);
    const sw = Math.round(video.videoWidth * area.width);
    const sh = Math.round(video.videoHeight * area.height);
    const scale = Math.min(1, (this.opts.maxWidth ?? 960) / sw);
    const width = Math.max(1, Math.round(sw * scale));
    const height = Math.max(1, Math.round(sh * scale));
    if (canvas.width !== width || canvas.height !== height) {
      canvas.width = width;
      canvas.height = height;
    }
    context.drawImage(video, sx, sy, sw, sh, 0, 0, width, height);
    return context.getImageData(0, 0, width, height);
  }
}
