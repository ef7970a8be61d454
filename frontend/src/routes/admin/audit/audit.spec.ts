import { beforeEach, describe, expect, it, vi } from 'vitest';
import { apiFail, apiOk, fakeApi, fakeEvent, thrown, user } from '#lib/event-test-helpers.js';
import { findTags, headingsInOrder, renderHtml, textOf } from '#lib/test-helpers.js';

const api = vi.hoisted(() => ({ client: null as unknown as ReturnType<typeof fakeApi>, createApiClient: vi.fn() }));
vi.mock('#lib/server/api.js', () => ({ createApiClient: api.createApiClient }));

const { load } = await import('./+page.server');
const { default: AuditPage } = await import('./+page.svelte');

const admin = { ...user, isPlatformAdmin: true };
const event = {
  id: '77777777-7777-4777-8777-777777777777',
  occurredAt: '2026-03-01T10:00:00.000Z',
  action: 'auth.login_failed',
  actorUserId: null,
  actorName: null,
  organisationId: null,
  targetType: 'user',
  targetId: '3f2a9c1e-0000-4000-8000-000000000000',
  ip: '203.0.113.9',
  requestId: 'req-abc-123',
  metadata: {}
};
type Load = (event: never) => Promise<Record<string, unknown>>;
const run = load as unknown as Load;

beforeEach(() => {
  api.client = fakeApi();
  api.createApiClient.mockReset().mockReturnValue(api.client);
});

describe('audit log load', () => {
  it('sends people who are signed out to sign in, and refuses everyone but platform admins', async () => {
    expect(await thrown(() => run(fakeEvent({ url: '/admin/audit?cursor=c1' }) as never))).toMatchObject({
      status: 303,
      location: `/login?next=${encodeURIComponent('/admin/audit?cursor=c1')}`
    });
    expect(await thrown(() => run(fakeEvent({ url: '/admin/audit', user }) as never))).toMatchObject({ status: 403 });
    expect(api.client.GET).not.toHaveBeenCalled();
  });

  it('passes the cursor through', async () => {
    api.client.GET.mockResolvedValue(apiOk({ items: [event], nextCursor: 'n2' }));
    const data = await run(fakeEvent({ url: '/admin/audit?cursor=c1', user: admin }) as never);
    expect(api.client.GET).toHaveBeenCalledWith('/api/audit-events', { params: { query: { cursor: 'c1', limit: 50 } } });
    expect(data).toEqual({ cursor: 'c1', events: { items: [event], nextCursor: 'n2' }, problem: null });
    await run(fakeEvent({ url: '/admin/audit', user: admin }) as never);
    expect(api.client.GET).toHaveBeenLastCalledWith('/api/audit-events', { params: { query: { cursor: undefined, limit: 50 } } });
  });

  it('turns an API failure into an error state; a stale cursor says to start again', async () => {
    api.client.GET.mockResolvedValue(apiFail(503, 'SERVICE_UNAVAILABLE', 'The database is not reachable'));
    expect(await run(fakeEvent({ url: '/admin/audit', user: admin }) as never)).toEqual({
      cursor: '',
      events: null,
      problem: 'The database is not reachable'
    });
    api.client.GET.mockRejectedValue(new TypeError('fetch failed'));
    expect(await run(fakeEvent({ url: '/admin/audit', user: admin }) as never)).toMatchObject({
      events: null,
      problem: expect.stringContaining('not reachable')
    });
    api.client.GET.mockResolvedValue(apiFail(400, 'VALIDATION_FAILED', 'Validation failed'));
    expect(await run(fakeEvent({ url: '/admin/audit?cursor=zz', user: admin }) as never)).toMatchObject({
      problem: 'This page of events is no longer available. Start again from the newest events.'
    });
  });

  it('follows the API when it signs the person out or withdraws their rights', async () => {
    api.client.GET.mockResolvedValue(apiFail(401, 'UNAUTHENTICATED', 'Sign in'));
    expect(await thrown(() => run(fakeEvent({ url: '/admin/audit', user: admin }) as never))).toMatchObject({
      status: 303,
      location: '/login?next=%2Fadmin%2Faudit'
    });
    api.client.GET.mockResolvedValue(apiFail(403, 'FORBIDDEN', 'Only platform administrators can do this'));
    expect(await thrown(() => run(fakeEvent({ url: '/admin/audit', user: admin }) as never))).toMatchObject({ status: 403 });
  });
});

describe('audit log page', () => {
  const render = (data: Record<string, unknown>) => renderHtml(AuditPage, { data, params: {} } as never);

  it('shows each event with a label, time, address and reference, and links older events', () => {
    const html = render({
      cursor: '',
      events: {
        items: [event, { ...event, id: 'e2', action: 'course.published', actorName: 'Ana Silva', targetType: null, targetId: null, ip: null, requestId: null }],
        nextCursor: 'n2'
      },
      problem: null
    });
    const text = textOf(html);
    expect(text).toContain('Security events');
    for (const header of ['Time', 'Event', 'Who', 'Target', 'Address', 'Reference']) expect(text).toContain(header);
    expect(text).toContain('Sign-in failed');
    expect(text).toContain('course.published');
    expect(text).toContain('Ana Silva');
    expect(text).toContain('user 3f2a9c1e…');
    expect(text).toContain('203.0.113.9');
    expect(text).toContain('req-abc-123');
    expect(findTags(html, 'time')[0]?.attrs.datetime).toBe('2026-03-01T10:00:00.000Z');
    expect(text).toContain('1 Mar 2026, 10:00 UTC');
    expect(html).toContain('href="/admin/audit?cursor=n2"');
    expect(text).toContain('Older events');
    expect(headingsInOrder(html)).toBe(true);
  });

  it('has an empty state and an error state', () => {
    expect(textOf(render({ cursor: '', events: { items: [], nextCursor: null }, problem: null }))).toContain('No security events yet');
    const failed = textOf(render({ cursor: 'c1', events: null, problem: 'The database is not reachable' }));
    expect(failed).toContain('The security events could not be listed');
    expect(failed).toContain('The database is not reachable');
  });
});
