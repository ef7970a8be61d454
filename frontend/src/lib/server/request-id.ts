const SAFE_ID = /^[A-Za-z0-9._:-]{8,64}$/;

/** Keeps a caller's X-Request-Id when it is safe to log (same rule as the API), else makes one. */
export function requestIdFor(request: Request): string {
  const incoming = request.headers.get('x-request-id');
  return incoming && SAFE_ID.test(incoming) ? incoming : crypto.randomUUID();
}
