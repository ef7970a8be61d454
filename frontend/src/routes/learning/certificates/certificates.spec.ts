import { beforeEach, describe, expect, it, vi } from 'vitest';
import { certificate, CERTIFICATE_ID } from '#lib/certificates/test-fixtures.js';
import { completion, dashboardCourse, myProgress } from '#lib/learning/test-fixtures.js';
import { findTags, headingsInOrder, renderHtml, textOf } from '#lib/test-helpers.js';

const api = vi.hoisted(() => ({ GET: vi.fn(), createApiClient: vi.fn() }));
vi.mock('#lib/server/api.js', () => ({ createApiClient: api.createApiClient }));

const { load } = await import('./+page.server');
const { default: CertificatesPage } = await import('./+page.svelte');
const { GET: downloadPdf } = await import('../../certificates/[id]/pdf/+server');
const { GET: downloadCredential } = await import('../../certificates/[id]/credential/+server');

const ok = (data: unknown, headers: Record<string, string> = {}) => ({ data, error: undefined, response: new Response(null, { status: 200, headers }) });
const problem = (status: number, code: string, message = 'refused') => ({
  data: undefined,
  error: { statusCode: status, code, message },
  response: new Response(null, { status })
});

const learner = { id: 'u1', email: 'u@example.org', displayName: 'U', emailVerified: true, isPlatformAdmin: false, memberships: [] };
const eventAt = (url: string, user: unknown = learner, params: Record<string, string> = {}) =>
  ({
    fetch,
    locals: { requestId: 'req-1', user, accessToken: user ? 'token-1' : null },
    params,
    url: new URL(url, 'http://localhost'),
    request: new Request(new URL(url, 'http://localhost'))
  }) as never;

beforeEach(() => {
  api.GET.mockReset();
  api.createApiClient.mockReset().mockReturnValue({ GET: api.GET });
});

describe('my certificates: load', () => {
  it('sends a signed-out visitor to sign in and back', async () => {
    await expect(load(eventAt('/learning/certificates', null))).rejects.toMatchObject({ status: 303, location: '/login?next=%2Flearning%2Fcertificates' });
  });

  it('lists the page of certificates in the address; on the first page, the completions still being prepared', async () => {
    const recent = new Date(Date.now() - 30_000).toISOString();
    const waiting = dashboardCourse({ courseSlug: 'homelessness', courseTitle: 'Homelessness', completion: completion({ completedAt: recent }) });
    api.GET.mockImplementation((path: string) =>
      Promise.resolve(ok(path === '/api/me/progress' ? myProgress({ courses: [waiting] }) : { items: [certificate()], nextCursor: 'c2' }))
    );
    const result = await load(eventAt('/learning/certificates'));
    expect(api.GET).toHaveBeenCalledWith('/api/me/certificates', { params: { query: { cursor: undefined } } });
    expect(result).toMatchObject({
      certificates: [certificate()],
      nextCursor: 'c2',
      preparing: [{ courseTitle: 'Homelessness', courseSlug: 'homelessness', kind: 'preparing', completedAt: recent }]
    });

    api.GET.mockClear();
    await load(eventAt('/learning/certificates?cursor=c2'));
    expect(api.GET).toHaveBeenCalledTimes(1);
    expect(api.GET).toHaveBeenCalledWith('/api/me/certificates', { params: { query: { cursor: 'c2' } } });
  });

  it('says a stale page is gone, and fails with 503 when the API is down', async () => {
    api.GET.mockResolvedValue(problem(400, 'BAD_REQUEST'));
    expect(await load(eventAt('/learning/certificates?cursor=junk'))).toMatchObject({
      certificates: null,
      loadProblem: expect.stringContaining('no longer available')
    });
    api.GET.mockRejectedValue(new TypeError('fetch failed'));
    await expect(load(eventAt('/learning/certificates'))).rejects.toMatchObject({ status: 503 });
  });
});

describe('my certificates: page', () => {
  const render = (data: Record<string, unknown>) =>
    renderHtml(CertificatesPage, { data: { certificates: [], nextCursor: null, cursor: '', preparing: [], loadProblem: null, ...data } } as never);

  it('says what happens when there are none yet', () => {
    const out = render({});
    expect(headingsInOrder(out)).toBe(true);
    expect(textOf(out)).toContain('You have no certificates yet');
  });

  it('offers the PDF, the digital credential and the verification link (a plain link without JavaScript), with status and expiry', () => {
    const out = render({ certificates: [certificate()], nextCursor: 'c2', cursor: 'c1' });
    expect(headingsInOrder(out)).toBe(true);
    const links = findTags(out, 'a');
    expect(links.find((a) => a.attrs.href === `/certificates/${CERTIFICATE_ID}/pdf`)?.attrs).toHaveProperty('download');
    expect(links.find((a) => a.attrs.href === `/certificates/${CERTIFICATE_ID}/credential`)?.attrs).toHaveProperty('download');
    expect(links.some((a) => a.attrs.href === 'http://localhost:3000/verify/HTM-7K3M-Q9XZ-2B4T')).toBe(true);
    // The copy button needs script (and a clipboard): it is added in the browser only.
    expect(findTags(out, 'button')).toHaveLength(0);
    const text = textOf(out);
    expect(text).toContain('Foundations (version 1) Valid until 10 Dec 2026. Issued 10 Dec 2025. Code HTM-7K3M-Q9XZ-2B4T');
    expect(links.map((a) => a.attrs.href)).toEqual(expect.arrayContaining(['/learning/certificates?cursor=c2', '/learning/certificates']));
  });

  it('marks a revoked certificate and offers no download of it', () => {
    const out = render({ certificates: [certificate({ status: 'revoked', revokedAt: '2026-12-02T00:00:00.000Z' })] });
    expect(textOf(out)).toContain('Revoked on 2 Dec 2026.');
    expect(textOf(out)).toContain('can no longer be used as proof');
    expect(findTags(out, 'a').some((a) => a.attrs.href?.endsWith('/pdf'))).toBe(false);
  });

  it('lists the certificates being prepared, and the late ones with whom to ask', () => {
    const text = textOf(
      render({
        preparing: [
          { courseTitle: 'Homelessness', courseSlug: 'homelessness', kind: 'preparing', completedAt: '' },
          { courseTitle: 'Foundations', courseSlug: 'foundations', kind: 'delayed', completedAt: '' }
        ]
      })
    );
    expect(text).toContain('Your certificate for Homelessness is being prepared.');
    expect(text).toContain('Your certificate for Foundations is taking longer than it should.');
  });
});

describe('certificate downloads', () => {
  it('streams the PDF with the API’s file name, never cached', async () => {
    const body = new Response('%PDF-1.7').body;
    api.GET.mockResolvedValue(ok(body, { 'content-type': 'application/pdf', 'content-disposition': 'attachment; filename="certificate-ABCD.pdf"' }));
    const response = await downloadPdf(eventAt(`/certificates/${CERTIFICATE_ID}/pdf`, learner, { id: CERTIFICATE_ID }));
    expect(api.GET).toHaveBeenCalledWith('/api/certificates/{certificateId}/pdf', { params: { path: { certificateId: CERTIFICATE_ID } }, parseAs: 'stream' });
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="certificate-ABCD.pdf"');
    expect(response.headers.get('cache-control')).toBe('private, no-store');
    expect(await response.text()).toBe('%PDF-1.7');
  });

  it('streams the digital credential as a file', async () => {
    api.GET.mockResolvedValue(ok(new Response('eyJ.x.y').body));
    const response = await downloadCredential(eventAt(`/certificates/${CERTIFICATE_ID}/credential`, learner, { id: CERTIFICATE_ID }));
    expect(api.GET).toHaveBeenCalledWith('/api/certificates/{certificateId}/credential', {
      params: { path: { certificateId: CERTIFICATE_ID } },
      parseAs: 'stream'
    });
    expect(response.headers.get('content-disposition')).toContain('attachment');
  });

  it('answers 404 for someone else’s certificate and a malformed id, and sends a signed-out visitor to sign in', async () => {
    api.GET.mockResolvedValue(problem(404, 'NOT_FOUND'));
    await expect(downloadPdf(eventAt(`/certificates/${CERTIFICATE_ID}/pdf`, learner, { id: CERTIFICATE_ID }))).rejects.toMatchObject({ status: 404 });
    api.GET.mockReset();
    await expect(downloadPdf(eventAt('/certificates/x/pdf', learner, { id: '../x' }))).rejects.toMatchObject({ status: 404 });
    expect(api.GET).not.toHaveBeenCalled();
    await expect(downloadPdf(eventAt(`/certificates/${CERTIFICATE_ID}/pdf`, null, { id: CERTIFICATE_ID }))).rejects.toMatchObject({
      status: 303,
      location: '/login?next=%2Flearning%2Fcertificates'
    });
  });
});
