import { beforeEach, describe, expect, it, vi } from 'vitest';
import { apiFail, apiOk, apiValidation, fakeApi, fakeEvent, thrown, user } from '#lib/event-test-helpers.js';
import { headingsInOrder, renderHtml, textOf } from '#lib/test-helpers.js';

const api = vi.hoisted(() => ({ client: null as unknown as ReturnType<typeof fakeApi>, createApiClient: vi.fn() }));
vi.mock('#lib/server/api.js', () => ({ createApiClient: api.createApiClient }));

const { actions, load } = await import('./+page.server');
const { default: AcceptPage } = await import('./+page.svelte');

type Run = (event: never) => Promise<unknown>;
const ORG_ID = '22222222-2222-4222-8222-222222222222';
const preview = (accountExists: boolean, email = 'ana.silva@example.org') => ({
  organisationName: 'La Strada',
  role: 'trainer',
  email,
  expiresAt: '2026-12-05T00:00:00.000Z',
  accountExists
});
const page = '/invitations/accept?token=inv-token-1';

beforeEach(() => {
  api.client = fakeApi();
  api.createApiClient.mockReset().mockReturnValue(api.client);
});

describe('invitation load', () => {
  it('offers "Accept" to someone signed in as the invited address', async () => {
    api.client.GET.mockResolvedValue(apiOk(preview(true, 'Ana.Silva@example.org')));
    const data = await load(fakeEvent({ url: page, user }) as never);
    expect(api.client.GET).toHaveBeenCalledWith('/api/invitations/preview', { params: { query: { token: 'inv-token-1' } } });
    expect(data).toMatchObject({ mode: 'accept' });
    const out = renderHtml(AcceptPage, { data, form: null } as never);
    expect(headingsInOrder(out)).toBe(true);
    expect(textOf(out)).toContain('Join La Strada');
    expect(textOf(out)).toContain('Trainer');
    expect(textOf(out)).toContain('Accept');
  });

  it('asks for a name and password when nobody is signed in and there is no account', async () => {
    api.client.GET.mockResolvedValue(apiOk(preview(false)));
    const data = await load(fakeEvent({ url: page }) as never);
    expect(data).toMatchObject({ mode: 'create' });
    const out = renderHtml(AcceptPage, { data, form: null } as never);
    expect(out).toContain('name="displayName"');
    expect(out).toContain('name="password"');
  });

  it('links to sign in, and back here, when the account exists', async () => {
    api.client.GET.mockResolvedValue(apiOk(preview(true)));
    const data = await load(fakeEvent({ url: page }) as never);
    expect(data).toMatchObject({ mode: 'sign-in', loginHref: `/login?next=${encodeURIComponent(page)}` });
    const out = renderHtml(AcceptPage, { data, form: null } as never);
    expect(textOf(out)).toContain('Sign in to accept');
  });

  it('tells someone signed in as another address', async () => {
    api.client.GET.mockResolvedValue(apiOk(preview(true, 'someone.else@example.org')));
    expect(await load(fakeEvent({ url: page, user }) as never)).toMatchObject({ mode: 'wrong-account' });
  });

  it('explains an invalid or expired link', async () => {
    api.client.GET.mockResolvedValue(apiFail(404, 'NOT_FOUND', 'Invitation not found'));
    const data = await load(fakeEvent({ url: page }) as never);
    expect(data).toMatchObject({ mode: 'invalid', invitation: null });
    expect(textOf(renderHtml(AcceptPage, { data, form: null } as never))).toContain('This invitation link does not work');
  });
});

describe('invitation actions', () => {
  it('accepts as the signed-in person and opens the organisation', async () => {
    api.client.POST.mockResolvedValue(apiOk({ organisationId: ORG_ID, organisationName: 'La Strada', role: 'trainer' }));
    const event = fakeEvent({ url: `/invitations/accept?/accept&token=inv-token-1`, form: { token: 'inv-token-1' }, user });
    expect(await thrown(() => (actions.accept as unknown as Run)(event as never))).toMatchObject({
      status: 303,
      location: `/organisations/${ORG_ID}`
    });
    expect(api.client.POST).toHaveBeenCalledWith('/api/invitations/accept', { body: { token: 'inv-token-1' } });
  });

  it('creates the account, joins, signs in and opens the organisation', async () => {
    api.client.GET.mockResolvedValue(apiOk(preview(false)));
    api.client.POST.mockImplementation(async (path: string) =>
      path === '/api/invitations/accept'
        ? apiOk({ organisationId: ORG_ID, organisationName: 'La Strada', role: 'trainer' })
        : apiOk({ accessToken: 'a', expiresIn: 900, refreshToken: 'r' })
    );
    const event = fakeEvent({
      url: '/invitations/accept?/create&token=inv-token-1',
      form: { token: 'inv-token-1', displayName: 'Ana Silva', password: 'a long passphrase here', username: 'attacker@example.org' }
    });
    expect(await thrown(() => (actions.create as unknown as Run)(event as never))).toMatchObject({ status: 303, location: `/organisations/${ORG_ID}` });
    expect(api.client.POST).toHaveBeenCalledWith('/api/invitations/accept', {
      body: { token: 'inv-token-1', displayName: 'Ana Silva', password: 'a long passphrase here' }
    });
    // Signs in as the invited address from the invitation, never an address from the form.
    expect(api.client.POST).toHaveBeenCalledWith('/api/auth/login', {
      body: { email: 'ana.silva@example.org', password: 'a long passphrase here', tokenDelivery: 'body' }
    });
    expect(event.cookies.jar.get('htmse_access')).toBe('a');
  });

  it('sends people to sign in and come back when the account exists (409)', async () => {
    api.client.GET.mockResolvedValue(apiOk(preview(false)));
    api.client.POST.mockResolvedValue(apiFail(409, 'CONFLICT', 'Sign in as ana.silva@example.org to accept'));
    const event = fakeEvent({ url: '/invitations/accept?/create', form: { token: 'inv-token-1', displayName: 'Ana', password: 'a long passphrase here' } });
    expect(await thrown(() => (actions.create as unknown as Run)(event as never))).toMatchObject({
      status: 303,
      location: `/login?next=${encodeURIComponent(page)}`
    });
  });

  it('maps a refused password to the field', async () => {
    api.client.GET.mockResolvedValue(apiOk(preview(false)));
    api.client.POST.mockResolvedValue(apiValidation({ password: ['password is one of the most common passwords: choose another'] }));
    const event = fakeEvent({ url: '/invitations/accept?/create', form: { token: 'inv-token-1', displayName: 'Ana', password: 'password1234' } });
    expect(await (actions.create as unknown as Run)(event as never)).toMatchObject({
      status: 400,
      data: { values: { displayName: 'Ana' }, errors: { password: 'Password is one of the most common passwords: choose another' } }
    });
  });
});
