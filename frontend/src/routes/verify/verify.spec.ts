import { beforeEach, describe, expect, it, vi } from 'vitest';
import { verification } from '#lib/certificates/test-fixtures.js';
import type { CertificateVerification } from '#lib/certificates/types.js';
import { findTags, headingsInOrder, renderHead, renderHtml, textOf, titleOf } from '#lib/test-helpers.js';

const api = vi.hoisted(() => ({ GET: vi.fn(), createApiClient: vi.fn() }));
vi.mock('#lib/server/api.js', () => ({ createApiClient: api.createApiClient }));
const state = vi.hoisted(() => ({ page: { status: 404, error: null as App.Error | null, params: { code: '' }, url: new URL('http://localhost/verify/x') } }));
vi.mock('$app/state', () => state);

const { load: verifyLoad } = await import('./[code]/+page.server');
const { load: formLoad } = await import('./+page.server');
const { default: VerifyPage } = await import('./[code]/+page.svelte');
const { default: NotFoundPage } = await import('./[code]/+error.svelte');
const { default: FormPage } = await import('./+page.svelte');

const ok = (data: unknown) => ({ data, error: undefined, response: new Response(null, { status: 200 }) });
const problem = (status: number, code: string, message = 'refused') => ({
  data: undefined,
  error: { statusCode: status, code, message },
  response: new Response(null, { status })
});

const learner = { id: 'u1', email: 'u@example.org', displayName: 'U', emailVerified: true, isPlatformAdmin: false, memberships: [] };
const headers: Record<string, string> = {};
const eventAt = (url: string, params: Record<string, string> = {}, user: unknown = null) =>
  ({
    fetch,
    locals: { requestId: 'req-1', user, accessToken: user ? 'token-1' : null },
    params,
    url: new URL(url, 'http://localhost'),
    request: new Request(new URL(url, 'http://localhost')),
    setHeaders: (h: Record<string, string>) => Object.assign(headers, h)
  }) as never;

beforeEach(() => {
  api.GET.mockReset();
  api.createApiClient.mockReset().mockReturnValue({ GET: api.GET });
  for (const key of Object.keys(headers)) delete headers[key];
});

describe('verification: load', () => {
  it('asks the API for the normalised code, anonymously even when someone is signed in, and is never cached or indexed', async () => {
    api.GET.mockResolvedValue(ok(verification()));
    const result = await verifyLoad(eventAt('/verify/htm-7k3m-q9xz-2b4t', { code: 'htm 7k3m-q9xz-2b4t' }, learner));
    expect(api.GET).toHaveBeenCalledWith('/api/certificates/verify/{code}', { params: { path: { code: 'HTM-7K3M-Q9XZ-2B4T' } } });
    expect(api.createApiClient.mock.calls[0]![1].accessToken).toBeUndefined();
    expect(result).toEqual({ certificate: verification() });
    expect(headers).toMatchObject({ 'cache-control': 'no-store', 'x-robots-tag': 'noindex' });
  });

  it('answers 404 for an unknown code, and for what cannot be a code without asking the API', async () => {
    api.GET.mockResolvedValue(problem(404, 'NOT_FOUND', 'Certificate not found'));
    await expect(verifyLoad(eventAt('/verify/HTM-ZZZZ-ZZZZ-ZZZZ', { code: 'HTM-ZZZZ-ZZZZ-ZZZZ' }))).rejects.toMatchObject({
      status: 404,
      body: { message: 'No certificate has this code.' }
    });
    api.GET.mockReset();
    await expect(verifyLoad(eventAt('/verify/%3Cscript%3E', { code: '<script>' }))).rejects.toMatchObject({ status: 404 });
    expect(api.GET).not.toHaveBeenCalled();
  });

  it('answers 503 when the API is down (not "not found": the certificate may well be genuine)', async () => {
    api.GET.mockRejectedValue(new TypeError('fetch failed'));
    await expect(verifyLoad(eventAt('/verify/HTM-7K3M-Q9XZ-2B4T', { code: 'HTM-7K3M-Q9XZ-2B4T' }))).rejects.toMatchObject({ status: 503 });
  });
});

describe('verification: the typed-code form', () => {
  it('goes on to the page of the normalised code', async () => {
    await expect(formLoad(eventAt('/verify?code=htm+7k3m–q9xz+2b4t'))).rejects.toMatchObject({ status: 303, location: '/verify/HTM-7K3M-Q9XZ-2B4T' });
  });

  it('says what is wrong with an empty or impossible code, keeping what was typed', async () => {
    expect(await formLoad(eventAt('/verify?code='))).toEqual({ typed: '', error: 'Enter the certificate code' });
    expect(await formLoad(eventAt('/verify?code=not%20a%20code!'))).toMatchObject({
      typed: 'not a code!',
      error: expect.stringContaining('letters and numbers')
    });
    expect(await formLoad(eventAt('/verify'))).toEqual({ typed: '', error: null });
  });

  it('is a GET form with a labelled code field, so it works without JavaScript', () => {
    const out = renderHtml(FormPage, { data: { typed: 'x!', error: 'Enter the certificate code' } } as never);
    expect(headingsInOrder(out)).toBe(true);
    const form = findTags(out, 'form').find((f) => f.attrs.action === '/verify');
    expect(form?.attrs.method).toBe('GET');
    const input = findTags(out, 'input').find((i) => i.attrs.name === 'code');
    expect(input?.attrs).toMatchObject({ id: 'code', 'aria-invalid': 'true', value: 'x!' });
    expect(out).toMatch(/<label[^>]*for="code"/);
    expect(titleOf(renderHead(FormPage, { data: { typed: '', error: 'Enter the certificate code' } } as never))).toBe(
      'Error: Check a certificate · HTMSE Academy'
    );
  });
});

describe('verification: page', () => {
  const render = (certificate: CertificateVerification) => renderHtml(VerifyPage, { data: { certificate } } as never);

  it('shows a valid certificate’s public facts, and nothing else', () => {
    const out = render(verification());
    expect(headingsInOrder(out)).toBe(true);
    const text = textOf(out);
    expect(text).toContain('Valid certificate');
    expect(text).toContain('Awarded to Zoë Ødegård-Nguyễn 李');
    expect(text).toContain('Course Foundations (version 2)');
    expect(text).toContain('Issued by HTMSE Academy');
    expect(text).toContain('Issued on 1 Dec 2026');
    expect(text).toContain('Expires 1 Dec 2027');
    expect(text).toContain('Certificate code HTM-7K3M-Q9XZ-2B4T');
    expect(text).not.toMatch(/@|email/i);
    expect(findTags(out, 'a').some((a) => a.attrs.href === '/verify/digital-credential')).toBe(true);
    expect(findTags(out, 'section').find((s) => s.attrs['data-status'])?.attrs['data-status']).toBe('valid');
  });

  it('shows a certificate withdrawn by the holder’s account deletion without any name', () => {
    const out = render(verification({ status: 'revoked', revokedAt: '2026-12-02T09:00:00.000Z', holderName: null, accountDeleted: true }));
    const text = textOf(out);
    expect(headingsInOrder(out)).toBe(true);
    expect(out).toMatch(/<h2[^>]*id="verdict-title"[^>]*>[\s\S]*Withdrawn: the holder’s account was deleted[\s\S]*<\/h2>/);
    expect(text).toContain('It was withdrawn on 2 Dec 2026');
    expect(text).toContain('Awarded to Not shown: the holder deleted their account');
    expect(text).toContain('Status Withdrawn (account deleted)');
    expect(text).not.toContain('Zoë');
    expect(findTags(out, 'section').find((s) => s.attrs['data-status'])?.attrs['data-status']).toBe('revoked');
    expect(
      titleOf(renderHead(VerifyPage, { data: { certificate: verification({ status: 'revoked', holderName: null, accountDeleted: true }) } } as never))
    ).toBe('Withdrawn certificate · HTMSE Academy');
  });

  it('shows a revoked certificate unmistakably, with the date, in the heading and the facts', () => {
    const out = render(verification({ status: 'revoked', revokedAt: '2026-12-02T09:00:00.000Z' }));
    const text = textOf(out);
    expect(out).toMatch(/<h2[^>]*id="verdict-title"[^>]*>[\s\S]*Revoked: this certificate is no longer valid[\s\S]*<\/h2>/);
    expect(text).toContain('It was revoked on 2 Dec 2026.');
    expect(text).toContain('Status Revoked , on 2 Dec 2026');
    expect(text).not.toContain('Valid certificate');
    expect(titleOf(renderHead(VerifyPage, { data: { certificate: verification({ status: 'revoked' }) } } as never))).toBe(
      'Revoked certificate · HTMSE Academy'
    );
  });

  it('shows an expired certificate with its expiry, and one that never expires', () => {
    expect(textOf(render(verification({ status: 'expired', expiresAt: '2026-11-01T00:00:00.000Z' })))).toContain('expired on 1 Nov 2026');
    expect(textOf(render(verification({ expiresAt: null })))).toContain('Expires Does not expire');
  });

  it('says plainly when no certificate has the code, with the form to try again', () => {
    state.page = {
      status: 404,
      error: { status: 404, message: 'No certificate has this code.' },
      params: { code: 'ZZZZ-ZZZZ' },
      url: new URL('http://localhost/verify/ZZZZ-ZZZZ')
    };
    const out = renderHtml(NotFoundPage, {});
    expect(headingsInOrder(out)).toBe(true);
    expect(textOf(out)).toContain('No HTMSE Academy certificate has the code ZZZZ-ZZZZ');
    expect(findTags(out, 'input').find((i) => i.attrs.name === 'code')?.attrs.value).toBe('ZZZZ-ZZZZ');
    expect(titleOf(renderHead(NotFoundPage, {}))).toBe('Certificate not found · HTMSE Academy');
  });

  it('does not call a certificate unknown when the check itself failed', () => {
    state.page = {
      status: 503,
      error: { status: 503, message: 'The service is not reachable right now.' },
      params: { code: 'ABCD' },
      url: new URL('http://localhost/verify/ABCD')
    };
    const text = textOf(renderHtml(NotFoundPage, {}));
    expect(text).toContain('The certificate could not be checked');
    expect(text).toContain('This does not mean the certificate is invalid.');
  });
});
