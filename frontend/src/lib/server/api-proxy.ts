/**
 * Serves the API on the web app's origin: /api/* is forwarded to the API process. Users (and
 * their cookies) then deal with one origin, in development, in the embedded default and in
 * production alike. Streams bodies both ways; adds the X-Forwarded-* headers the API trusts.
 */
import { Agent, setGlobalDispatcher } from 'undici';

/**
 * One connection pool to the API for the whole web process, kept alive between requests: the
 * /api proxy and the pages' own API calls (SvelteKit's fetch, through the global dispatcher)
 * reuse open connections instead of opening one per request, up to 128 at once. undici follows
 * the API's `Keep-Alive: timeout=` hint less a margin, so it does not reuse a connection the API
 * is about to close; 30 s applies only to an answer without the hint.
 */
export const apiAgent = new Agent({ keepAliveTimeout: 30_000, keepAliveMaxTimeout: 60_000, connections: 128 });

/** Makes every outbound fetch of the web process use `apiAgent`; called once at start-up (hooks.server.ts). */
export function useApiAgent(): void {
  setGlobalDispatcher(apiAgent);
}

// Headers that describe one hop, not the message (RFC 9110 §7.6.1), plus ones fetch recomputes.
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'host',
  'content-length'
]);

export interface ProxyOptions {
  upstream: string;
  requestId: string;
  clientAddress: string;
  /** What the web app was reached over; defaults to the URL's (which adapter-node may guess). */
  protocol?: 'http' | 'https';
  /** The API path to forward to, when it is not the request's own (e.g. /admin/queues -> /api/admin/queues). */
  path?: string;
  /** Request headers to set (a string) or drop (null) after the request's own are copied. */
  headers?: Record<string, string | null>;
  fetch?: typeof globalThis.fetch;
}

export function isApiPath(pathname: string): boolean {
  return pathname === '/api' || pathname.startsWith('/api/');
}

/** An answer the web app gives on the API's behalf, in the API's error shape. */
export function apiError(status: number, code: string, message: string, requestId: string, headers: Record<string, string> = {}): Response {
  return Response.json({ statusCode: status, code, message, requestId }, { status, headers: { 'x-request-id': requestId, ...headers } });
}

/**
 * Whether forwarding failed because the request body was over the web app's own limit:
 * adapter-node errors the body stream with a 413 (BODY_SIZE_LIMIT), which reaches us as the
 * fetch rejection or its cause.
 */
function bodyTooLarge(err: unknown): boolean {
  for (let e = err, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if ((e as { status?: unknown }).status === 413) return true;
  }
  return false;
}

export async function proxyToApi(request: Request, url: URL, options: ProxyOptions): Promise<Response> {
  const target = `${options.upstream}${options.path ?? url.pathname}${url.search}`;
  const headers = new Headers();
  request.headers.forEach((value, name) => {
    if (!HOP_BY_HOP.has(name)) headers.set(name, value);
  });
  for (const [name, value] of Object.entries(options.headers ?? {})) {
    if (value === null) headers.delete(name);
    else headers.set(name, value);
  }
  const priorFor = request.headers.get('x-forwarded-for');
  headers.set('x-forwarded-for', priorFor ? `${priorFor}, ${options.clientAddress}` : options.clientAddress);
  headers.set('x-forwarded-proto', options.protocol ?? url.protocol.replace(':', ''));
  headers.set('x-forwarded-host', url.host);
  headers.set('x-request-id', options.requestId);
  // The API sends identity-encoded bodies; ask for nothing else, since fetch would decode it.
  headers.delete('accept-encoding');

  const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
  let upstream: Response;
  try {
    upstream = await (options.fetch ?? fetch)(target, {
      method: request.method,
      headers,
      body: hasBody ? request.body : undefined,
      redirect: 'manual',
      // Required by Node's fetch to stream a request body.
      ...(hasBody ? { duplex: 'half' } : {})
    } as RequestInit);
  } catch (err) {
    if (bodyTooLarge(err)) {
      return apiError(413, 'PAYLOAD_TOO_LARGE', 'The request body is too large', options.requestId);
    }
    return apiError(503, 'SERVICE_UNAVAILABLE', 'The API is not reachable. Try again in a moment.', options.requestId, { 'retry-after': '5' });
  }

  const responseHeaders = new Headers();
  upstream.headers.forEach((value, name) => {
    if (!HOP_BY_HOP.has(name) && name !== 'content-encoding' && name !== 'set-cookie') {
      responseHeaders.set(name, value);
    }
  });
  // forEach folds repeated Set-Cookie headers into one; each cookie must stay its own header.
  for (const cookie of upstream.headers.getSetCookie()) responseHeaders.append('set-cookie', cookie);

  return new Response(upstream.body, {
    status: upstream.status,
    statusText: upstream.statusText,
    headers: responseHeaders
  });
}
