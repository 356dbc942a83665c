// The public /track Socket.IO namespace: no staff session; a socket watches the one order
// whose tracking token it presents, and receives the customer view of it after each change.
import type { TrackingView } from '$lib/track/api';

export const TRACK_NAMESPACE = '/track';

export type WatchReply = { ok: true } | { ok: false; error: 'not_found' | 'too_many_requests' };

export interface TrackServerToClient {
  tracking: (view: TrackingView) => void;
}

export interface TrackClientToServer {
  watch: (token: string, ack: (res: WatchReply) => void) => void;
}
