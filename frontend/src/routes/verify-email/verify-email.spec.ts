import { beforeEach, describe, expect, it, vi } from 'vitest';
import { apiFail, apiOk, apiValidation, fakeApi, fakeEvent } from '#lib/event-test-helpers.js';
import { findTagWith, headingsInOrder, renderHtml, textOf } from '#lib/test-helpers.js';

const api = vi.hoisted(() => ({ client: null as unknown as ReturnType<typeof fakeApi>, createApiClient: vi.fn() }));
vi.mock('#lib/server/api.js', () => ({ createApiClient: api.createApiClient }));

const { actions, load } = await import('./+page.server');
const { default: VerifyPage } = await import('./+page.svelte');

type Run = (event: never) => Promise<unknown>;
const confirm = actions.confirm as unknown as Run;
const resend = actions.resend as unknown as Run;

beforeEach(() => {
  api.client = fakeApi();
  api.createApiClient.mockReset().mockReturnValue(api.client);
});

describe('verify-email', () => {
  it('does not verify on GET: the load only passes the token to the form', async () => {
    const data = load(fakeEvent({ url: '/verify-email?token=tok-1234567890' }) as never);
    expect(data).toMatchObject({ token: 'tok-1234567890' });
    expect(api.client.POST).not.toHaveBeenCalled();
    const out = renderHtml(VerifyPage, { data, form: null } as never);
    expect(headingsInOrder(out)).toBe(true);
    expect(findTagWith(out, 'form', 'action', '?/confirm').attrs.method).toBe('POST');
    expect(findTagWith(out, 'input', 'name', 'token').attrs.value).toBe('tok-1234567890');
    expect(textOf(out)).toContain('Confirm my email address');
  });

  it('confirms with the token on POST, then offers to sign in', async () => {
    api.client.POST.mockResolvedValue(apiOk(undefined, 204));
    const result = await confirm(fakeEvent({ url: '/verify-email?/confirm', form: { token: 'tok-1234567890' } }) as never);
    expect(api.client.POST).toHaveBeenCalledWith('/api/auth/verify-email', { body: { token: 'tok-1234567890' } });
    expect(result).toEqual({ form: 'confirm', verified: true });
    const out = renderHtml(VerifyPage, { data: { token: '', devMail: false }, form: result } as never);
    expect(textOf(out)).toContain('Your email address is confirmed.');
    expect(out).toContain('href="/login"');
  });

  it('offers a new link when the token is refused', async () => {
    api.client.POST.mockResolvedValue(apiValidation({ token: ['token is invalid, already used or expired: ask for a new link'] }));
    const result = await confirm(fakeEvent({ url: '/verify-email?/confirm', form: { token: 'used-token-123' } }) as never);
    expect(result).toMatchObject({ status: 400, data: { form: 'confirm', tokenInvalid: true } });
    const out = renderHtml(VerifyPage, { data: { token: '', devMail: false }, form: (result as { data: unknown }).data } as never);
    expect(textOf(out)).toContain('This link does not work');
    expect(findTagWith(out, 'form', 'action', '?/resend').attrs.method).toBe('POST');
  });

  it('resends a link, the same answer whatever the address', async () => {
    api.client.POST.mockResolvedValue(apiOk({ message: 'ok' }, 202));
    const result = await resend(fakeEvent({ url: '/verify-email?/resend', form: { email: 'ana@example.org' } }) as never);
    expect(api.client.POST).toHaveBeenCalledWith('/api/auth/verify-email/resend', { body: { email: 'ana@example.org' } });
    expect(result).toMatchObject({ form: 'resend', success: expect.stringContaining('24 hours') });
  });

  it('says how long to wait when resending too often', async () => {
    api.client.POST.mockResolvedValue(apiFail(429, 'RATE_LIMITED', 'Too many', undefined, { 'retry-after': '30' }));
    const result = await resend(fakeEvent({ url: '/verify-email?/resend', form: { email: 'ana@example.org' } }) as never);
    expect(result).toMatchObject({ status: 429, data: { problem: 'Too many attempts. Wait 1 minute, then try again.' } });
  });
});
