/**
 * SvelteKit's cross-site form check, with one difference. SvelteKit compares the Origin header
 * with the URL adapter-node builds, and adapter-node assumes https unless ORIGIN or
 * PROTOCOL_HEADER says otherwise; served over plain http without them (`npm start`), every
 * form post would then be refused. When the deployment has not said which protocol it uses,
 * the host alone is compared; otherwise the whole origin, exactly as SvelteKit does.
 */

const FORM_CONTENT_TYPES = new Set(['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain']);
const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export interface CsrfOptions {
  /** True when ORIGIN or PROTOCOL_HEADER is configured, so `url.protocol` is known, not guessed. */
  protocolKnown: boolean;
}

export function isCrossSiteFormSubmission(request: Request, url: URL, { protocolKnown }: CsrfOptions): boolean {
  if (!STATE_CHANGING.has(request.method)) return false;
  const type = (request.headers.get('content-type') ?? '').split(';', 1)[0]!.trim().toLowerCase();
  if (!FORM_CONTENT_TYPES.has(type)) return false;
  const origin = request.headers.get('origin');
  if (!origin) return true;
  if (origin === url.origin) return false;
  if (protocolKnown) return true;
  try {
    const parsed = new URL(origin);
    return !((parsed.protocol === 'http:' || parsed.protocol === 'https:') && parsed.host === url.host);
  } catch {
    return true;
  }
}
