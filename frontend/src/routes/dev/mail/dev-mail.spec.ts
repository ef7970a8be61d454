import { beforeEach, describe, expect, it, vi } from 'vitest';
import { apiFail, apiOk, fakeApi, fakeEvent, thrown } from '#lib/event-test-helpers.js';
import { findTags, headingsInOrder, renderHtml } from '#lib/test-helpers.js';

const api = vi.hoisted(() => ({ client: null as unknown as ReturnType<typeof fakeApi>, createApiClient: vi.fn() }));
vi.mock('#lib/server/api.js', () => ({ createApiClient: api.createApiClient }));

const { load } = await import('./+page.server');
const { default: DevMailPage } = await import('./+page.svelte');

const mail = {
  id: 'm1',
  to: 'ana@example.org',
  from: 'HTMSE Academy <no-reply@localhost>',
  subject: 'Confirm <b>your</b> email address',
  text: 'Hello <script>alert(1)</script>,\n\nConfirm my email address: http://localhost:3000/verify-email?token=abc\n\nHTMSE Academy',
  sentAt: '2026-11-28T09:30:00.000Z'
};

beforeEach(() => {
  api.client = fakeApi();
  api.createApiClient.mockReset().mockReturnValue(api.client);
});

describe('dev mail load', () => {
  it('is a 404 when the API says so (production)', async () => {
    api.client.GET.mockResolvedValue(apiFail(404, 'NOT_FOUND', 'Page not found'));
    expect(await thrown(() => load(fakeEvent({ url: '/dev/mail' }) as never))).toMatchObject({ status: 404 });
  });

  it('splits each mail into text and links', async () => {
    api.client.GET.mockResolvedValue(apiOk([mail]));
    const data = (await load(fakeEvent({ url: '/dev/mail' }) as never)) as { mails: { parts: { href?: string }[] }[] };
    expect(data.mails[0]?.parts.filter((p) => p.href).map((p) => p.href)).toEqual(['http://localhost:3000/verify-email?token=abc']);
  });
});

describe('dev mail page', () => {
  it('renders addresses as links and everything else as escaped text', async () => {
    api.client.GET.mockResolvedValue(apiOk([mail]));
    const data = await load(fakeEvent({ url: '/dev/mail' }) as never);
    const out = renderHtml(DevMailPage, { data } as never);
    expect(headingsInOrder(out)).toBe(true);
    expect(out).not.toContain('<script>');
    expect(out).not.toContain('<b>');
    expect(out).toContain('&lt;script>alert(1)&lt;/script>');
    expect(findTags(out, 'a').map((a) => a.attrs.href)).toContain('http://localhost:3000/verify-email?token=abc');
    expect(out).toContain('ana@example.org');
  });

  it('has an empty state', () => {
    expect(renderHtml(DevMailPage, { data: { mails: [] } } as never)).toContain('No emails yet');
  });
});
