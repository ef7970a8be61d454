const PLACEHOLDER_ORIGIN = 'http://same-site.invalid';

/**
 * A `?next=` return path we may redirect to after signing in: only a path on this site.
 * Refused: absolute URLs, protocol-relative "//host", backslashes (browsers read "/\host" as
 * "//host"), control characters (URL parsers drop tabs and newlines, so "/\t/host" would become
 * "//host"), and anything that resolves off this origin. Returns the normalised path or null.
 */
export function safeNext(value: unknown): string | null {
  if (typeof value !== 'string' || value.length === 0 || value.length > 2000) return null;
  if (!value.startsWith('/') || value.startsWith('//')) return null;
  // eslint-disable-next-line no-control-regex
  if (/[\\\u0000-\u001f\u007f]/.test(value)) return null;
  let url: URL;
  try {
    url = new URL(value, PLACEHOLDER_ORIGIN);
  } catch {
    return null;
  }
  if (url.origin !== PLACEHOLDER_ORIGIN) return null;
  // Coming back to the sign-in page after signing in would only loop.
  if (url.pathname === '/login' || url.pathname === '/logout') return null;
  return `${url.pathname}${url.search}${url.hash}`;
}

/** /login?next=<path>, for pages that need a signed-in person. */
export function loginUrl(returnTo: string): string {
  const next = safeNext(returnTo);
  return next ? `/login?next=${encodeURIComponent(next)}` : '/login';
}
