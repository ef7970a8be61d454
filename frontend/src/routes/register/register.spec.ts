import { beforeEach, describe, expect, it, vi } from 'vitest';
import { apiFail, apiOk, apiValidation, fakeApi, fakeEvent, thrown, user } from '#lib/event-test-helpers.js';
import { findTagWith, headingsInOrder, renderHead, renderHtml, textOf, titleOf } from '#lib/test-helpers.js';

const api = vi.hoisted(() => ({ client: null as unknown as ReturnType<typeof fakeApi>, createApiClient: vi.fn() }));
vi.mock('#lib/server/api.js', () => ({ createApiClient: api.createApiClient }));

const { actions, load } = await import('./+page.server');
const { default: RegisterPage } = await import('./+page.svelte');

const register = actions.default as unknown as (event: never) => Promise<unknown>;
const valid = { email: 'ana@example.org', displayName: 'Ana Silva', password: 'a long passphrase to remember' };
const submit = (form: Record<string, string>) => fakeEvent({ url: '/register', form });

beforeEach(() => {
  api.client = fakeApi();
  api.createApiClient.mockReset().mockReturnValue(api.client);
});

describe('register action', () => {
  it('registers and sends the person to "Check your email"', async () => {
    api.client.POST.mockResolvedValue(apiOk({ message: 'If the address can receive mail, a message is on its way.' }, 202));
    const result = await thrown(() => register(submit(valid) as never));
    expect(result).toMatchObject({ status: 303, location: '/register/check-email' });
    expect(api.client.POST).toHaveBeenCalledWith('/api/auth/register', { body: valid });
  });

  it('maps API field errors onto the fields, in words, without echoing the password', async () => {
    api.client.POST.mockResolvedValue(
      apiValidation({
        email: ['email must be an email address'],
        displayName: ['displayName must be shorter than or equal to 100 characters'],
        password: ['password is one of the most common passwords: choose another']
      })
    );
    const result = await register(submit(valid) as never);
    expect(result).toEqual({
      status: 400,
      data: {
        values: { email: 'ana@example.org', displayName: 'Ana Silva' },
        errors: {
          email: 'Enter an email address in the correct format, like name@example.org',
          displayName: 'Display name must be 100 characters or fewer',
          password: 'Password is one of the most common passwords: choose another'
        },
        problem: undefined
      }
    });
    expect(JSON.stringify(result)).not.toContain(valid.password);
  });

  it('says at the top what it cannot put next to a field', async () => {
    api.client.POST.mockResolvedValue(apiValidation({ tokenDelivery: ['property tokenDelivery should not exist'] }));
    const result = await register(submit(valid) as never);
    expect(result).toMatchObject({ status: 400, data: { errors: {}, problem: 'property tokenDelivery should not exist' } });
  });

  it('checks required fields and the password length itself', async () => {
    const result = await register(submit({ email: 'not-an-email', displayName: '', password: 'short' }) as never);
    expect(result).toMatchObject({
      status: 400,
      data: {
        errors: {
          email: 'Enter an email address in the correct format, like name@example.org',
          displayName: 'Enter your display name',
          password: 'Password must be at least 12 characters'
        }
      }
    });
    expect(api.client.POST).not.toHaveBeenCalled();
  });

  it('counts characters, not bytes: a 12-character passphrase with accents is long enough', async () => {
    api.client.POST.mockResolvedValue(apiOk({ message: 'ok' }, 202));
    await thrown(() => register(submit({ ...valid, password: 'çãõéíóúâêôàü' }) as never));
    expect(api.client.POST).toHaveBeenCalled();
  });

  it('maps 429 to a wait message', async () => {
    api.client.POST.mockResolvedValue(apiFail(429, 'RATE_LIMITED', 'Too many attempts.', undefined, { 'retry-after': '3600' }));
    expect(await register(submit(valid) as never)).toMatchObject({
      status: 429,
      data: { problem: 'Too many attempts. Wait 60 minutes, then try again.' }
    });
  });
});

describe('register load', () => {
  it('sends someone signed in to their account', async () => {
    expect(await thrown(() => load(fakeEvent({ user }) as never))).toMatchObject({ status: 303, location: '/account' });
  });
});

describe('register page', () => {
  it('labels every field, gives the password hint and has one h1', () => {
    const out = renderHtml(RegisterPage, { data: {}, form: null } as never);
    expect(headingsInOrder(out)).toBe(true);
    expect(textOf(out)).toContain('At least 12 characters. A long phrase is easiest to remember.');
    for (const name of ['email', 'displayName', 'password']) {
      expect(out).toContain(`for="${name}"`);
      expect(findTagWith(out, 'input', 'name', name).attrs.id).toBe(name);
    }
    expect(findTagWith(out, 'input', 'name', 'password').attrs.autocomplete).toBe('new-password');
    expect(titleOf(renderHead(RegisterPage, { data: {}, form: null } as never))).toBe('Create an account · HTMSE Academy');
  });

  it('shows each error under its field and in the summary, linking to the field', () => {
    const form = { values: { email: 'ana@example', displayName: 'Ana' }, errors: { email: 'Enter an email address in the correct format' } };
    const out = renderHtml(RegisterPage, { data: {}, form } as never);
    expect(out).toContain('href="#email"');
    expect(findTagWith(out, 'input', 'name', 'email').attrs['aria-invalid']).toBe('true');
    expect(findTagWith(out, 'input', 'name', 'email').attrs.value).toBe('ana@example');
    expect(findTagWith(out, 'input', 'name', 'displayName').attrs.value).toBe('Ana');
  });
});
