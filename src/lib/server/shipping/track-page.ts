// The tracking page's data for one request: rate-limited per IP (wrong guesses count too),
// then the customer view or the neutral "not found".
import { AppError } from '../errors';
import { RateLimiter } from '../cluster/rate-limit';
import { shippingConfig } from './config';
import { notFound, trackingViewFor, type TrackingView } from './tracking-view';

let limiter: { limit: number; limiter: RateLimiter } | null = null;

/** Per IP and minute; rebuilt when the configured limit changes. */
function hit(ip: string): Promise<number> {
  const limit = shippingConfig().trackRequestsPerMinute;
  if (limiter?.limit !== limit) limiter = { limit, limiter: new RateLimiter('track-page', limit, 60_000) };
  return limiter.limiter.hit(ip);
}

export async function trackPageData(token: string, ip: string): Promise<TrackingView> {
  const wait = await hit(ip);
  if (wait > 0) throw new AppError('TOO_MANY_REQUESTS', 'track.too_many_requests', `Too many requests. Please try again in ${wait} seconds.`, { seconds: wait });
  const view = token ? await trackingViewFor(token) : null;
  if (!view) throw notFound();
  return view;
}
