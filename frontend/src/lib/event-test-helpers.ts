/**
 * Fakes for calling load functions, actions and endpoints directly in unit tests: a cookie jar,
 * form posts, and typed-client results. Pair with vi.mock('#lib/server/api.js').
 */
import type { Cookies } from '@sveltejs/kit';
import { vi } from 'vitest';
import type { SessionUser } from './server/session';

export interface FakeCookies extends Cookies {
  jar: Map<string, string>;
  /** Options each cookie was last set with. */
  options: Map<string, unknown>;
}

export function fakeCookies(initial: Record<string, string> = {}): FakeCookies {
  const jar = new Map(Object.entries(initial));
  const options = new Map<string, unknown>();
  return {
    jar,
    options,
    get: vi.fn((name: string) => jar.get(name)),
    getAll: vi.fn(() => [...jar].map(([name, value]) => ({ name, value }))),
    set: vi.fn((name: string, value: string, opts: unknown) => {
      jar.set(name, value);
      options.set(name, opts);
    }),
    delete: vi.fn((name: string) => {
      jar.delete(name);
    }),
    serialize: vi.fn(() => ''),
    parse: vi.fn(() => {
      throw new Error('fakeCookies: parse is not faked');
    })
  };
}

export const user: SessionUser = {
  id: '11111111-1111-4111-8111-111111111111',
  email: 'ana.silva@example.org',
  displayName: 'Ana Silva',
  emailVerified: true,
  isPlatformAdmin: false,
  memberships: []
};

export interface FakeEventInit {
  url?: string;
  method?: string;
  form?: Record<string, string>;
  user?: SessionUser | null;
  accessToken?: string | null;
  cookies?: Record<string, string>;
  params?: Record<string, string>;
  headers?: Record<string, string>;
}

/** A RequestEvent good enough for our loads and actions (cast at the call site). */
export function fakeEvent(init: FakeEventInit = {}) {
  const url = new URL(init.url ?? '/', 'http://localhost:3000');
  const method = init.method ?? (init.form ? 'POST' : 'GET');
  let body: FormData | undefined;
  if (init.form) {
    body = new FormData();
    for (const [key, value] of Object.entries(init.form)) body.set(key, value);
  }
  const request = new Request(url, {
    method,
    body,
    headers: { 'user-agent': 'Vitest Browser/1.0', ...init.headers }
  });
  const signedIn = init.user !== undefined && init.user !== null;
  return {
    url,
    request,
    params: init.params ?? {},
    cookies: fakeCookies(init.cookies),
    fetch: globalThis.fetch,
    getClientAddress: () => '203.0.113.7',
    locals: {
      requestId: 'req-test-0001',
      user: init.user ?? null,
      accessToken: init.accessToken !== undefined ? init.accessToken : signedIn ? 'access-token-1' : null
    },
    setHeaders: vi.fn(),
    route: { id: null },
    isDataRequest: false,
    isSubRequest: false
  };
}

/** What the typed client resolves to on success. */
export function apiOk(data: unknown, status = 200) {
  return { data, error: undefined, response: new Response(null, { status }) };
}

/** What the typed client resolves to for an API error (the one error shape). */
export function apiFail(status: number, code: string, message: string, details?: Record<string, unknown>, headers?: Record<string, string>) {
  return {
    data: undefined,
    error: { statusCode: status, code, message, details, requestId: 'req-api-1' },
    response: new Response(null, { status, headers })
  };
}

/** A VALIDATION_FAILED answer for these fields. */
export function apiValidation(fields: Record<string, string[]>) {
  return apiFail(400, 'VALIDATION_FAILED', 'Validation failed', {
    fields: Object.entries(fields).map(([field, reasons]) => ({ field, reasons }))
  });
}

/** Runs something expected to throw a SvelteKit redirect or error, and returns what it threw. */
export async function thrown(run: () => unknown): Promise<{ status: number; location?: string; body?: { message: string } }> {
  try {
    await run();
  } catch (err) {
    return err as { status: number; location?: string; body?: { message: string } };
  }
  throw new Error('expected a redirect or an error to be thrown');
}

/** A stub of the typed client; hand it to the mocked createApiClient. */
export function fakeApi() {
  return { GET: vi.fn(), POST: vi.fn(), PATCH: vi.fn(), DELETE: vi.fn(), PUT: vi.fn() };
}
