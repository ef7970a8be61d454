import { beforeEach, describe, expect, it, vi } from 'vitest';
import { CERTIFICATE_ID, orgCertificate } from '#lib/certificates/test-fixtures.js';
import { findTags, headingsInOrder, renderHtml, textOf } from '#lib/test-helpers.js';

const api = vi.hoisted(() => ({ GET: vi.fn(), POST: vi.fn(), createApiClient: vi.fn() }));
vi.mock('#lib/server/api.js', () => ({ createApiClient: api.createApiClient }));

const { load, actions } = await import('./+page.server');
const { default: Page } = await import('./+page.svelte');

const ORG_ID = '4a1e2f3c-5b6d-4e7f-8a9b-1c2d3e4f5a6b';
const ok = (data: unknown) => ({ data, error: undefined, response: new Response(null, { status: 200 }) });
const problem = (status: number, code: string, message = 'refused', details?: unknown) => ({
  data: undefined,
  error: { statusCode: status, code, message, details },
  response: new Response(null, { status })
});
const admin = { id: 'u1', email: 'a@example.org', displayName: 'A', emailVerified: true, isPlatformAdmin: false, memberships: [] };
const organisation = (role: string | null) => ({ id: ORG_ID, name: 'La Strada', role });
const eventAt = (url: string, form?: Record<string, string>, user: unknown = admin) =>
  ({
    fetch,
    locals: { requestId: 'req-1', user, accessToken: user ? 'token-1' : null },
    params: { organisationId: ORG_ID },
    url: new URL(url, 'http://localhost'),
    request: form
      ? new Request(new URL(url, 'http://localhost'), { method: 'POST', body: new URLSearchParams(form) })
      : new Request(new URL(url, 'http://localhost'))
  }) as never;

function answer(role: string | null, items = [orgCertificate()]) {
  api.GET.mockImplementation((path: string) =>
    Promise.resolve(path === '/api/organisations/{organisationId}' ? ok(organisation(role)) : ok({ items, nextCursor: null }))
  );
}

beforeEach(() => {
  api.GET.mockReset();
  api.POST.mockReset();
  api.createApiClient.mockReset().mockReturnValue({ GET: api.GET, POST: api.POST });
});

describe('organisation certificates: load', () => {
  it('lists them for an org admin, with the status filter and page of the address, and opens the revoke step asked for', async () => {
    answer('org_admin');
    const result = await load(eventAt(`/organisations/${ORG_ID}/certificates?status=valid&cursor=c1&revoke=${CERTIFICATE_ID}`));
    expect(api.GET).toHaveBeenCalledWith('/api/organisations/{organisationId}/certificates', {
      params: { path: { organisationId: ORG_ID }, query: { cursor: 'c1', status: 'valid' } }
    });
    expect(result).toMatchObject({ organisation: { id: ORG_ID, name: 'La Strada' }, status: 'valid', cursor: 'c1', revoking: CERTIFICATE_ID, problem: null });
  });

  it('ignores an unknown status and a revoke step for a certificate already revoked', async () => {
    answer('org_admin', [orgCertificate({ status: 'revoked', revokedAt: '2026-12-01T00:00:00.000Z' })]);
    expect(await load(eventAt(`/organisations/${ORG_ID}/certificates?status=bogus&revoke=${CERTIFICATE_ID}`))).toMatchObject({ status: '', revoking: '' });
  });

  it('refuses a learner or trainer (403) and an unknown organisation (404)', async () => {
    answer('trainer');
    await expect(load(eventAt(`/organisations/${ORG_ID}/certificates`))).rejects.toMatchObject({ status: 403 });
    api.GET.mockResolvedValue(problem(404, 'NOT_FOUND'));
    await expect(load(eventAt(`/organisations/${ORG_ID}/certificates`))).rejects.toMatchObject({ status: 404 });
  });
});

describe('organisation certificates: revoke', () => {
  type Action = (event: never) => Promise<unknown>;
  const revoke = actions.revoke as unknown as Action;
  const url = `/organisations/${ORG_ID}/certificates?/revoke`;

  it('revokes with the reason and says so', async () => {
    api.POST.mockResolvedValue(ok(orgCertificate({ status: 'revoked', revokedAt: '2026-12-02T00:00:00.000Z' })));
    const result = await revoke(eventAt(url, { certificateId: CERTIFICATE_ID, reason: '  Issued in error: wrong person.  ' }));
    expect(api.POST).toHaveBeenCalledWith('/api/certificates/{certificateId}/revoke', {
      params: { path: { certificateId: CERTIFICATE_ID } },
      body: { reason: 'Issued in error: wrong person.' }
    });
    expect(result).toMatchObject({
      form: 'revoke',
      certificateId: CERTIFICATE_ID,
      success: expect.stringContaining('of Ama Mensah for Foundations is revoked')
    });
  });

  it('requires a reason of at most 500 characters, without calling the API', async () => {
    expect(await revoke(eventAt(url, { certificateId: CERTIFICATE_ID, reason: ' ' }))).toMatchObject({
      status: 400,
      data: { certificateId: CERTIFICATE_ID, errors: { reason: 'Enter the reason for revoking this certificate' } }
    });
    expect(await revoke(eventAt(url, { certificateId: CERTIFICATE_ID, reason: 'x'.repeat(501) }))).toMatchObject({
      status: 400,
      data: { errors: { reason: 'The reason must be 500 characters or fewer' }, values: { reason: 'x'.repeat(501) } }
    });
    expect(await revoke(eventAt(url, { certificateId: 'nope', reason: 'r' }))).toMatchObject({ status: 400 });
    expect(api.POST).not.toHaveBeenCalled();
  });

  it('says when the certificate is not the organisation’s (404), was revoked meanwhile (409), and shows the API’s field reasons', async () => {
    api.POST.mockResolvedValue(problem(409, 'CERTIFICATE_ALREADY_REVOKED'));
    expect(await revoke(eventAt(url, { certificateId: CERTIFICATE_ID, reason: 'r' }))).toMatchObject({
      status: 409,
      data: { problem: expect.stringContaining('already revoked') }
    });
    api.POST.mockResolvedValue(problem(404, 'NOT_FOUND'));
    expect(await revoke(eventAt(url, { certificateId: CERTIFICATE_ID, reason: 'r' }))).toMatchObject({
      status: 404,
      data: { problem: expect.stringContaining('could not be found') }
    });
    api.POST.mockResolvedValue(
      problem(400, 'VALIDATION_FAILED', 'invalid', { fields: [{ field: 'reason', reasons: ['reason must be shorter than or equal to 500 characters'] }] })
    );
    expect(await revoke(eventAt(url, { certificateId: CERTIFICATE_ID, reason: 'r' }))).toMatchObject({
      status: 400,
      data: { errors: { reason: 'Reason must be 500 characters or fewer' } }
    });
  });
});

describe('organisation certificates: page', () => {
  const base = { organisation: { id: ORG_ID, name: 'La Strada' }, nextCursor: null, status: '', cursor: '', revoking: '', problem: null };
  const render = (data: Record<string, unknown>, form: unknown = null) => renderHtml(Page, { data: { ...base, ...data }, form } as never);

  it('lists certificates with status, code and a Revoke… link that opens the confirm step (no form yet)', () => {
    const out = render({ certificates: [orgCertificate()] });
    expect(headingsInOrder(out)).toBe(true);
    expect(textOf(out)).toContain('Ama Mensah: Foundations (version 1)');
    expect(textOf(out)).toContain('Status Valid until 10 Dec 2026 Completed 10 Dec 2025 Issued 10 Dec 2025');
    const revokeLink = findTags(out, 'a').find((a) => a.attrs.href?.includes('revoke='));
    expect(revokeLink?.attrs.href).toBe(`/organisations/${ORG_ID}/certificates?revoke=${CERTIFICATE_ID}#revoke-${CERTIFICATE_ID}`);
    expect(findTags(out, 'form').filter((f) => f.attrs.method === 'POST')).toHaveLength(0);
  });

  it('asks for a reason in the confirm step, which posts to the revoke action keeping the filter', () => {
    const out = render({ certificates: [orgCertificate()], revoking: CERTIFICATE_ID, status: 'valid' });
    expect(headingsInOrder(out)).toBe(true);
    const form = findTags(out, 'form').find((f) => f.attrs.method === 'POST');
    expect(form?.attrs.action).toBe('?/revoke&amp;status=valid');
    expect(findTags(out, 'textarea')[0]?.attrs).toMatchObject({ name: 'reason', required: '' });
    expect(textOf(out)).toContain('Revoke this certificate?');
    expect(textOf(out)).toContain('Revoke the certificate');
  });

  it('shows a revoked certificate as revoked at once, with the confirmation', () => {
    const out = render(
      { certificates: [orgCertificate({ status: 'revoked', revokedAt: '2026-12-02T00:00:00.000Z', revocationReason: 'Issued in error.' })] },
      { form: 'revoke', certificateId: CERTIFICATE_ID, success: 'The certificate of Ama Mensah for Foundations is revoked.' }
    );
    const text = textOf(out);
    expect(text).toContain('Status Revoked on 2 Dec 2026 Reason Issued in error.');
    expect(text).toContain('The certificate of Ama Mensah for Foundations is revoked.');
    expect(findTags(out, 'a').some((a) => a.attrs.href?.includes('revoke='))).toBe(false);
  });

  it('keeps the confirm step open with what was typed after a refusal', () => {
    const out = render(
      { certificates: [orgCertificate()] },
      { form: 'revoke', certificateId: CERTIFICATE_ID, values: { reason: 'x'.repeat(501) }, errors: { reason: 'The reason must be 500 characters or fewer' } }
    );
    expect(textOf(out)).toContain('The reason must be 500 characters or fewer');
    expect(out).toContain('x'.repeat(501));
  });

  it('has an empty state', () => {
    expect(textOf(render({ certificates: [] }))).toContain('No certificates yet');
    expect(textOf(render({ certificates: [], status: 'revoked' }))).toContain('No revoked certificates');
  });
});
