import type { RequestEvent } from '@sveltejs/kit';
import { createApiClient, type ApiClient } from './api';

type EventLike = Pick<RequestEvent, 'fetch' | 'locals' | 'request'> & { getClientAddress?: () => string };

/** The browser's address appended to any X-Forwarded-For it came with, as the /api proxy does. */
export function forwardedForOf(event: EventLike): string | undefined {
  let address: string | undefined;
  try {
    address = event.getClientAddress?.();
  } catch {
    // Not available (prerendering): the API then sees this server, which is all it can know.
  }
  if (!address) return undefined;
  const prior = event.request?.headers.get('x-forwarded-for');
  return prior ? `${prior}, ${address}` : address;
}

/**
 * The typed API client for a load function or action, acting as the person making the request:
 * their request id, their access token (when `signedIn`), their address and user agent.
 */
export function apiFor(event: EventLike, { signedIn = true }: { signedIn?: boolean } = {}): ApiClient {
  const userAgent = event.request?.headers.get('user-agent') ?? undefined;
  return createApiClient(event.fetch, {
    requestId: event.locals.requestId,
    accessToken: signedIn ? (event.locals.accessToken ?? undefined) : undefined,
    forwardedFor: forwardedForOf(event),
    userAgent
  });
}
