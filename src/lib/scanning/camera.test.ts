// @vitest-environment jsdom
import { beforeEach, describe, expect, it } from 'vitest';
import { cameraProblemOf, rememberCamera, rememberedCameraId, torchSupported } from './camera';

describe('cameraProblemOf', () => {
  it.each([
    ['NotAllowedError', 'permission-denied'],
    ['SecurityError', 'permission-denied'],
    ['NotFoundError', 'no-camera'],
    ['OverconstrainedError', 'no-camera'],
    ['NotReadableError', 'camera-in-use'],
    ['NotSupportedError', 'unsupported'],
    ['SomethingNew', 'failed']
  ])('%s -> %s', (name, problem) => {
    expect(cameraProblemOf(new DOMException('x', name))).toBe(problem);
  });

  it('treats non-errors as a failed start', () => {
    expect(cameraProblemOf(null)).toBe('failed');
    expect(cameraProblemOf('boom')).toBe('failed');
  });
});

describe('remembered camera', () => {
  beforeEach(() => localStorage.clear());

  it('remembers the chosen camera for the next visit', () => {
    expect(rememberedCameraId()).toBeNull();
    rememberCamera('rear-cam-2');
    expect(rememberedCameraId()).toBe('rear-cam-2');
  });
});

describe('torchSupported', () => {
  const trackWith = (capabilities: object) => ({ getCapabilities: () => capabilities }) as unknown as MediaStreamTrack;

  it('is true only when the track reports a torch', () => {
    expect(torchSupported(trackWith({ torch: true }))).toBe(true);
    expect(torchSupported(trackWith({}))).toBe(false);
    expect(torchSupported({} as MediaStreamTrack)).toBe(false); // Firefox: no getCapabilities
    expect(torchSupported(null)).toBe(false);
  });
});
