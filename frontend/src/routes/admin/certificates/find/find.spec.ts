import { beforeEach, describe, expect, it, vi } from 'vitest';
import { adminCertificate } from '#lib/certificates/test-fixtures.js';
import { findTags, headingsInOrder, renderHtml, textOf } from '#lib/test-helpers.js';

const api = vi.hoisted(() => ({ GET: vi.fn(), POST: vi.fn(), createApiClient: vi.fn() }));
vi.mock('#lib/server/api.js', () => ({ createApiClient: api.createApiClient }));
vi.mock('$app/navigation', () => ({ invalidateAll: vi.fn() }));

const { load, actions } = await import('./+page.server');
const { default: Page } = await import('./+page.svelte');

const ok = (data: unknown) => ({ data, error: undefined, response: new Response(null, { status: 200 }) });
const problem = (status: number, code: string, message = 'refused', details?: unknown) => ({
  data: undefined,
  error: { statusCode: status, code, message, details },
  response: new Response(null, { status })
});
const platformAdmin = { id: 'u1', email: 'a@example.org', displayName: 'A', emailVerified: true, isPlatformAdmin: true, memberships: [] };
const eventAt = (url: string, { user = platformAdmin as unknown, form }: { user?: unknown; form?: Record<string, string> } = {}) =>
  ({
    fetch,
    locals: { requestId: 'req-1', user, accessToken: user ? 'token-1' : null },
    params: {},
    url: new URL(url, 'http://localhost'),
    request: form
      ? new Request(new URL(url, 'http://localhost'), { method: 'POST', body: new URLSearchParams(form) })
      : new Request(new URL(url, 'http://localhost'))
  }) as never;

beforeEach(() => {
  api.GET.mockReset();
  api.POST.mockReset();
  api.createApiClient.mockReset().mockReturnValue({ GET: api.GET, POST: api.POST });
});

describe('find a certificate (platform admins)', () => {
  it('is for platform admins only, and for them only', async () => {
    await expect(load(eventAt('/admin/certificates/find?q=x', { user: { ...platformAdmin, isPlatformAdmin: false } }))).rejects.toMatchObject({
      status: 403
    });
    const revoke = actions.revoke as unknown as (event: never) => Promise<unknown>;
    await expect(
      Promise.resolve().then(() =>
        revoke(eventAt('/admin/certificates/find?/revoke', { user: { ...platformAdmin, isPlatformAdmin: false }, form: { certificateId: 'x', reason: 'y' } }))
      )
    ).rejects.toMatchObject({ status: 403 });
    expect(api.GET).not.toHaveBeenCalled();
    expect(api.POST).not.toHaveBeenCalled();
  });

  it('asks nothing before a search; searches by number, or by email when it has an @, keeping the page', async () => {
    expect(await load(eventAt('/admin/certificates/find'))).toMatchObject({ q: '', certificates: null });
    expect(api.GET).not.toHaveBeenCalled();
    api.GET.mockResolvedValue(ok({ items: [adminCertificate()], nextCursor: 'next' }));
    expect(await load(eventAt('/admin/certificates/find?q=+htm-7k3m-q9xz-2b4t+'))).toMatchObject({
      q: 'htm-7k3m-q9xz-2b4t',
      certificates: [adminCertificate()],
      nextCursor: 'next',
      problem: null
    });
    expect(api.GET).toHaveBeenLastCalledWith('/api/admin/certificates', { params: { query: { code: 'htm-7k3m-q9xz-2b4t' } } });
    await load(eventAt(`/admin/certificates/find?q=${encodeURIComponent('ama@example.org')}&cursor=abc`));
    expect(api.GET).toHaveBeenLastCalledWith('/api/admin/certificates', { params: { query: { email: 'ama@example.org', cursor: 'abc' } } });
  });

  it('says what to type when the API refuses the input', async () => {
    api.GET.mockResolvedValue(problem(400, 'VALIDATION_FAILED', 'Validation failed', { fields: [{ field: 'code', reasons: ['not a number'] }] }));
    expect(await load(eventAt('/admin/certificates/find?q=nonsense'))).toMatchObject({ problem: expect.stringContaining('certificate number') });
  });

  it('shows what it found, with issuer and status, and a withdrawn certificate without a name or a download', () => {
    const certificates = [
      adminCertificate({ organisationId: '4a1e2f3c-5b6d-4e7f-8a9b-1c2d3e4f5a6b', issuerName: 'La Strada' }),
      adminCertificate({
        id: '1f2e3d4c-5b6a-4978-8a6b-5c4d3e2f1a0c',
        code: 'HTM-AAAA-BBBB-CCCC',
        holderName: null,
        accountDeleted: true,
        status: 'revoked',
        revokedAt: '2026-12-02T09:00:00.000Z',
        revocationReason: 'Withdrawn: the holder deleted their account.'
      })
    ];
    const out = renderHtml(Page, {
      data: { q: 'ama@example.org', cursor: '', status: '', revoking: '', certificates, nextCursor: 'n1', problem: null, byEmail: true },
      form: null
    } as never);
    expect(headingsInOrder(out)).toBe(true);
    const text = textOf(out);
    expect(text).toContain('Ama Mensah: Foundations');
    expect(text).toContain('Issued by La Strada');
    expect(text).toContain('Deleted account: Foundations');
    expect(text).toContain('Withdrawn: the holder deleted their account');
    const links = findTags(out, 'a').map((a) => a.attrs.href);
    expect(links).toContain(`/certificates/${certificates[0]!.id}/pdf`);
    expect(links).not.toContain(`/certificates/${certificates[1]!.id}/pdf`);
    // Revoke opens in place, keeping the search; the pager keeps it too.
    expect(links).toContain(`/admin/certificates/find?q=ama%40example.org&amp;revoke=${certificates[0]!.id}#revoke-${certificates[0]!.id}`);
    expect(links).toContain('/admin/certificates/find?q=ama%40example.org&amp;cursor=n1');
    expect(findTags(out, 'select')).toHaveLength(0);
  });

  it('says when nothing was found', () => {
    const out = renderHtml(Page, {
      data: { q: 'HTM-0000-0000-0000', cursor: '', status: '', revoking: '', certificates: [], nextCursor: null, problem: null, byEmail: false },
      form: null
    } as never);
    expect(textOf(out)).toContain('No certificate found for “HTM-0000-0000-0000”');
  });
});
