import { beforeEach, describe, expect, it, vi } from 'vitest';
import { apiFail, apiOk, fakeApi, fakeEvent, thrown, user } from '#lib/event-test-helpers.js';
import { headingsInOrder, renderHtml, textOf } from '#lib/test-helpers.js';

const api = vi.hoisted(() => ({ client: null as unknown as ReturnType<typeof fakeApi>, createApiClient: vi.fn() }));
vi.mock('#lib/server/api.js', () => ({ createApiClient: api.createApiClient }));

const { load } = await import('./+page.server');
const { default: OrgAuditPage } = await import('./+page.svelte');

const ORG = '22222222-2222-4222-8222-222222222222';
const organisation = { id: ORG, name: 'La Strada', slug: 'la-strada', role: 'org_admin', memberCount: 3, createdAt: '2026-01-01T00:00:00.000Z' };
const event = {
  id: '77777777-7777-4777-8777-777777777777',
  occurredAt: '2026-03-01T10:00:00.000Z',
  action: 'membership.role_changed',
  actorUserId: user.id,
  actorName: 'Ana Silva',
  organisationId: ORG,
  targetType: 'user',
  targetId: '3f2a9c1e-0000-4000-8000-000000000000',
  ip: null,
  requestId: 'req-abc-123',
  metadata: {}
};
type Load = (event: never) => Promise<Record<string, unknown>>;
const run = load as unknown as Load;
const at = (query = '') => fakeEvent({ url: `/organisations/${ORG}/audit${query}`, user, params: { organisationId: ORG } });

/** Answers the organisation GET, and the audit list with `events`. */
function answer(events: unknown) {
  api.client.GET.mockImplementation(async (path: string) => (path === '/api/organisations/{organisationId}' ? apiOk(organisation) : events));
}

beforeEach(() => {
  api.client = fakeApi();
  api.createApiClient.mockReset().mockReturnValue(api.client);
});

describe('organisation audit load', () => {
  it('sends people who are signed out to sign in', async () => {
    expect(await thrown(() => run(fakeEvent({ url: `/organisations/${ORG}/audit`, params: { organisationId: ORG } }) as never))).toMatchObject({
      status: 303,
      location: `/login?next=${encodeURIComponent(`/organisations/${ORG}/audit`)}`
    });
  });

  it('passes the cursor through and names the organisation', async () => {
    answer(apiOk({ items: [event], nextCursor: 'n2' }));
    const data = await run(at('?cursor=c1') as never);
    expect(api.client.GET).toHaveBeenCalledWith('/api/organisations/{organisationId}/audit-events', {
      params: { path: { organisationId: ORG }, query: { cursor: 'c1', limit: 50 } }
    });
    expect(data).toEqual({ organisation: { id: ORG, name: 'La Strada' }, cursor: 'c1', events: { items: [event], nextCursor: 'n2' }, problem: null });
  });

  it('refuses members who are not its admins (403) and non-members (404)', async () => {
    answer(apiFail(403, 'FORBIDDEN', 'Your role in this organisation does not allow this'));
    expect(await thrown(() => run(at() as never))).toMatchObject({ status: 403, body: { message: 'Your role in this organisation does not allow this' } });
    api.client.GET.mockResolvedValue(apiFail(404, 'NOT_FOUND', 'Organisation not found'));
    expect(await thrown(() => run(at() as never))).toMatchObject({ status: 404 });
    expect(await thrown(() => run(fakeEvent({ url: '/organisations/nope/audit', user, params: { organisationId: 'nope' } }) as never))).toMatchObject({
      status: 404
    });
  });

  it('turns an API failure into an error state', async () => {
    answer(apiFail(503, 'SERVICE_UNAVAILABLE', 'The database is not reachable'));
    expect(await run(at() as never)).toMatchObject({ events: null, problem: 'The database is not reachable' });
    answer(apiFail(400, 'VALIDATION_FAILED', 'Validation failed'));
    expect(await run(at('?cursor=zz') as never)).toMatchObject({ problem: 'This page of events is no longer available. Start again from the newest events.' });
  });
});

describe('organisation audit page', () => {
  const render = (data: Record<string, unknown>) =>
    renderHtml(OrgAuditPage, { data: { organisation: { id: ORG, name: 'La Strada' }, ...data }, params: { organisationId: ORG } } as never);

  it('shows the events without an Address column, and links older events', () => {
    const html = render({ cursor: '', events: { items: [event], nextCursor: 'n2' }, problem: null });
    const text = textOf(html);
    expect(text).toContain('Member’s role changed');
    expect(text).toContain('Ana Silva');
    expect(text).not.toContain('Address');
    expect(html).toContain(`href="/organisations/${ORG}/audit?cursor=n2"`);
    expect(headingsInOrder(html)).toBe(true);
  });

  it('has an empty state and an error state', () => {
    expect(textOf(render({ cursor: '', events: { items: [], nextCursor: null }, problem: null }))).toContain('No security events yet');
    expect(textOf(render({ cursor: '', events: null, problem: 'The database is not reachable' }))).toContain('The security events could not be listed');
  });
});
