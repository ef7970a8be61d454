import { beforeEach, describe, expect, it, vi } from 'vitest';
import { apiFail, apiOk, apiValidation, fakeApi, fakeEvent, thrown, user } from '#lib/event-test-helpers.js';
import { findTagWith, headingsInOrder, renderHead, renderHtml, textOf, titleOf } from '#lib/test-helpers.js';

const api = vi.hoisted(() => ({ client: null as unknown as ReturnType<typeof fakeApi>, createApiClient: vi.fn() }));
vi.mock('#lib/server/api.js', () => ({ createApiClient: api.createApiClient }));

const { actions, load } = await import('./+page.server');
const { default: LoginPage } = await import('./+page.svelte');

type Action = (event: never) => Promise<unknown>;
const login = actions.default as unknown as Action;

const TOKENS = { accessToken: 'access-1', expiresIn: 900, refreshToken: 'refresh-1' };

function submit(form: Record<string, string>) {
  return fakeEvent({ url: '/login', form });
}

beforeEach(() => {
  api.client = fakeApi();
  api.createApiClient.mockReset().mockReturnValue(api.client);
});

describe('login action', () => {
  it('signs in with the token in the body, sets the session cookies and goes to the account page', async () => {
    api.client.POST.mockResolvedValue(apiOk(TOKENS));
    const event = submit({ email: ' ana@example.org ', password: ' secret with spaces ' });
    const result = await thrown(() => login(event as never));
    expect(result).toMatchObject({ status: 303, location: '/account' });
    expect(api.client.POST).toHaveBeenCalledWith('/api/auth/login', {
      body: { email: 'ana@example.org', password: ' secret with spaces ', tokenDelivery: 'body' },
      headers: {}
    });
    expect(event.cookies.jar.get('htmse_access')).toBe('access-1');
    expect(event.cookies.jar.get('htmse_refresh')).toBe('refresh-1');
    expect(event.cookies.jar.get('htmse_csrf')).toBeTruthy();
    expect(event.cookies.options.get('htmse_access')).toMatchObject({ httpOnly: true, sameSite: 'lax', path: '/' });
  });

  describe('the device cookie (the API sees the sign-in server-to-server)', () => {
    const DEVICE = 'dEvIcE-0123456789_abcdefghijklmnopqrstuvwxy';
    const NEW_DEVICE = 'nEwDeViCe-123456789_abcdefghijklmnopqrstuvw';
    const withSetCookie = (...cookies: string[]) => ({
      ...apiOk(TOKENS),
      response: new Response(null, { status: 200, headers: cookies.map((c) => ['set-cookie', c] as [string, string]) })
    });

    it("sends the browser's device cookie to the API, and only that cookie", async () => {
      api.client.POST.mockResolvedValue(withSetCookie(`htmse_device=${DEVICE}; Max-Age=15552000; Path=/; HttpOnly; SameSite=Lax`));
      const event = fakeEvent({
        url: '/login',
        form: { email: 'ana@example.org', password: 'pw' },
        cookies: { htmse_device: DEVICE, htmse_access: 'old-session', other: 'x' }
      });
      await thrown(() => login(event as never));
      expect(api.client.POST).toHaveBeenCalledWith('/api/auth/login', expect.objectContaining({ headers: { cookie: `htmse_device=${DEVICE}` } }));
    });

    it.each(['x; htmse_access=stolen', 'short', `${DEVICE}x`, `${DEVICE.slice(0, 42)}=`])('does not forward a malformed device cookie (%j)', async (value) => {
      api.client.POST.mockResolvedValue(apiOk(TOKENS));
      const event = fakeEvent({ url: '/login', form: { email: 'ana@example.org', password: 'pw' }, cookies: { htmse_device: value } });
      await thrown(() => login(event as never));
      expect(api.client.POST).toHaveBeenCalledWith('/api/auth/login', expect.objectContaining({ headers: {} }));
    });

    it("hands the API's device cookie on to the browser: httpOnly, SameSite=Lax, the API's lifetime", async () => {
      api.client.POST.mockResolvedValue(withSetCookie('htmse_other=1; Path=/', `htmse_device=${NEW_DEVICE}; Max-Age=15552000; Path=/; HttpOnly; SameSite=Lax`));
      const event = submit({ email: 'ana@example.org', password: 'pw' });
      expect(await thrown(() => login(event as never))).toMatchObject({ status: 303, location: '/account' });
      expect(event.cookies.jar.get('htmse_device')).toBe(NEW_DEVICE);
      expect(event.cookies.options.get('htmse_device')).toMatchObject({ httpOnly: true, sameSite: 'lax', path: '/', maxAge: 15552000, secure: false });
      // Nothing else the API answered becomes a cookie of the web origin.
      expect(event.cookies.jar.has('htmse_other')).toBe(false);
    });

    it('ignores a device cookie from the API that is not well-formed', async () => {
      api.client.POST.mockResolvedValue(withSetCookie('htmse_device=not%3Bvalid; Path=/'));
      const event = submit({ email: 'ana@example.org', password: 'pw' });
      await thrown(() => login(event as never));
      expect(event.cookies.jar.has('htmse_device')).toBe(false);
    });

    it('sets no device cookie when the sign-in is refused', async () => {
      api.client.POST.mockResolvedValue({
        ...apiFail(429, 'RATE_LIMITED', 'Too many attempts. Try again in 1 minute(s).', undefined, { 'retry-after': '60' }),
        response: new Response(null, {
          status: 429,
          headers: [
            ['retry-after', '60'],
            ['set-cookie', `htmse_device=${NEW_DEVICE}; Path=/`]
          ]
        })
      });
      const event = fakeEvent({ url: '/login', form: { email: 'ana@example.org', password: 'pw' }, cookies: { htmse_device: DEVICE } });
      expect(await login(event as never)).toMatchObject({ status: 429, data: { problem: 'Too many attempts. Wait 1 minute, then try again.' } });
      expect(event.cookies.jar.get('htmse_device')).toBe(DEVICE);
    });
  });

  it('goes back to a safe next path', async () => {
    api.client.POST.mockResolvedValue(apiOk(TOKENS));
    const next = '/invitations/accept?token=abc';
    const result = await thrown(() => login(submit({ email: 'ana@example.org', password: 'pw', next }) as never));
    expect(result).toMatchObject({ status: 303, location: next });
  });

  it.each(['//evil.example', 'https://evil.example', '/\\evil', 'http://evil.example/account', '/\t/evil.example'])(
    'ignores an unsafe next (%j) and goes to the account page',
    async (next) => {
      api.client.POST.mockResolvedValue(apiOk(TOKENS));
      const result = await thrown(() => login(submit({ email: 'ana@example.org', password: 'pw', next }) as never));
      expect(result).toMatchObject({ status: 303, location: '/account' });
    }
  );

  it('maps 401 to the API message, keeping the email and never the password', async () => {
    api.client.POST.mockResolvedValue(apiFail(401, 'UNAUTHENTICATED', 'Email or password is incorrect'));
    const result = await login(submit({ email: 'ana@example.org', password: 'wrong', next: '/account' }) as never);
    expect(result).toEqual({
      status: 401,
      data: { values: { email: 'ana@example.org', next: '/account' }, problem: 'Email or password is incorrect' }
    });
    expect(JSON.stringify(result)).not.toContain('wrong');
  });

  it('maps 403 EMAIL_NOT_VERIFIED to the message and the offer of a new link', async () => {
    api.client.POST.mockResolvedValue(
      apiFail(403, 'EMAIL_NOT_VERIFIED', 'Confirm your email address first: use the link we sent you, or ask for a new one.', {
        reason: 'email_not_verified'
      })
    );
    const result = await login(submit({ email: 'ana@example.org', password: 'right password' }) as never);
    expect(result).toMatchObject({
      status: 403,
      data: { notVerified: true, problem: expect.stringContaining('Confirm your email address first'), values: { email: 'ana@example.org' } }
    });
  });

  it('does not offer a new link for another 403', async () => {
    api.client.POST.mockResolvedValue(apiFail(403, 'FORBIDDEN', 'Account locked'));
    const result = await login(submit({ email: 'ana@example.org', password: 'pw' }) as never);
    expect(result).toMatchObject({ status: 403, data: { notVerified: false, problem: 'Account locked' } });
  });

  it('maps 429 to how many minutes to wait, from Retry-After', async () => {
    api.client.POST.mockResolvedValue(apiFail(429, 'RATE_LIMITED', 'Too many attempts. Try again in 15 minute(s).', undefined, { 'retry-after': '900' }));
    const result = await login(submit({ email: 'ana@example.org', password: 'pw' }) as never);
    expect(result).toMatchObject({ status: 429, data: { problem: 'Too many attempts. Wait 15 minutes, then try again.' } });
  });

  it('maps 400 field errors to the fields', async () => {
    api.client.POST.mockResolvedValue(apiValidation({ email: ['email must be an email address'] }));
    const result = await login(submit({ email: 'ana@example', password: 'pw' }) as never);
    expect(result).toMatchObject({
      status: 400,
      data: { errors: { email: 'Enter an email address in the correct format, like name@example.org' } }
    });
  });

  it('checks for empty fields itself, without calling the API', async () => {
    const result = await login(submit({ email: '', password: '' }) as never);
    expect(result).toMatchObject({
      status: 400,
      data: { errors: { email: 'Enter your email address', password: 'Enter your password' } }
    });
    expect(api.client.POST).not.toHaveBeenCalled();
  });

  it('says the service is unavailable when the API cannot be reached', async () => {
    api.client.POST.mockRejectedValue(new TypeError('fetch failed'));
    const result = await login(submit({ email: 'ana@example.org', password: 'pw' }) as never);
    expect(result).toMatchObject({ status: 503, data: { problem: expect.stringMatching(/not reachable/) } });
  });
});

describe('login load', () => {
  it('passes a safe next to the form, and drops an unsafe one', () => {
    expect(load(fakeEvent({ url: '/login?next=%2Forganisations' }) as never)).toEqual({ next: '/organisations' });
    expect(load(fakeEvent({ url: '/login?next=%2F%2Fevil.example' }) as never)).toEqual({ next: '' });
  });

  it('sends someone already signed in on their way', async () => {
    const result = await thrown(() => load(fakeEvent({ url: '/login?next=/organisations', user }) as never));
    expect(result).toMatchObject({ status: 303, location: '/organisations' });
  });
});

describe('login page', () => {
  const render = (form: unknown) => renderHtml(LoginPage, { data: { next: '' }, form } as never);

  it('has one h1, labelled fields and links to register and reset', () => {
    const out = render(null);
    expect(headingsInOrder(out)).toBe(true);
    expect(titleOf(renderHead(LoginPage, { data: { next: '' }, form: null } as never))).toBe('Sign in · HTMSE Academy');
    expect(findTagWith(out, 'input', 'name', 'email').attrs.autocomplete).toBe('username');
    expect(findTagWith(out, 'input', 'name', 'password').attrs.type).toBe('password');
    expect(out).toContain('href="/register"');
    expect(out).toContain('href="/forgot-password"');
  });

  it('shows the problem in the error summary and keeps the email, never a password', () => {
    const out = render({ values: { email: 'ana@example.org', next: '/account' }, problem: 'Email or password is incorrect' });
    expect(textOf(out)).toContain('There is a problem Email or password is incorrect');
    expect(titleOf(renderHead(LoginPage, { data: { next: '' }, form: { problem: 'x' } } as never))).toBe('Error: Sign in · HTMSE Academy');
    expect(findTagWith(out, 'input', 'name', 'email').attrs.value).toBe('ana@example.org');
    expect(findTagWith(out, 'input', 'name', 'password').attrs.value ?? '').toBe('');
    expect(findTagWith(out, 'input', 'name', 'next').attrs.value).toBe('/account');
  });

  it('offers a new confirmation link when the address is not confirmed', () => {
    const out = render({ values: { email: 'ana@example.org', next: '' }, problem: 'Confirm first', notVerified: true });
    expect(findTagWith(out, 'form', 'action', '/verify-email?/resend').attrs.method).toBe('POST');
    expect(textOf(out)).toContain('Send a new confirmation link');
  });
});
