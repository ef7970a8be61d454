import { beforeEach, describe, expect, it, vi } from 'vitest';
import { apiFail, apiOk, fakeApi, fakeEvent, user } from '#lib/event-test-helpers.js';
import { headingsInOrder, renderHtml, textOf } from '#lib/test-helpers.js';

const api = vi.hoisted(() => ({ client: null as unknown as ReturnType<typeof fakeApi>, createApiClient: vi.fn() }));
vi.mock('#lib/server/api.js', () => ({ createApiClient: api.createApiClient }));

const { actions, load } = await import('./+page.server');
const { default: EnquiriesPage } = await import('./+page.svelte');

const admin = { ...user, isPlatformAdmin: true };
const ID = '55555555-5555-4555-8555-555555555555';
const enquiry = {
  id: ID,
  organisation: 'Shelter North',
  contactName: 'Ama',
  email: 'ama@example.org',
  needs: 'Induction training',
  staffCount: 40,
  preferredTiming: null,
  status: 'new',
  createdAt: '2026-03-01T10:00:00.000Z',
  updatedAt: '2026-03-01T10:00:00.000Z'
};
type Run = (event: never) => Promise<unknown>;

beforeEach(() => {
  api.client = fakeApi();
  api.createApiClient.mockReset().mockReturnValue(api.client);
});

describe('enquiries', () => {
  it('passes a known status filter and the cursor; ignores unknown statuses', async () => {
    api.client.GET.mockResolvedValue(apiOk({ items: [enquiry], nextCursor: 'n2' }));
    await load(fakeEvent({ url: '/admin/enquiries?status=in_progress&cursor=c1', user: admin }) as never);
    expect(api.client.GET).toHaveBeenCalledWith('/api/enquiries', { params: { query: { status: 'in_progress', cursor: 'c1', limit: 20 } } });
    await load(fakeEvent({ url: '/admin/enquiries?status=spam', user: admin }) as never);
    expect(api.client.GET).toHaveBeenLastCalledWith('/api/enquiries', { params: { query: { status: undefined, cursor: undefined, limit: 20 } } });
  });

  it('changes a status and says so; a vanished enquiry is explained', async () => {
    api.client.PATCH.mockResolvedValue(apiOk({ ...enquiry, status: 'closed' }));
    const post = (form: Record<string, string>) => fakeEvent({ url: '/admin/enquiries?/setStatus', form, user: admin });
    expect(await (actions.setStatus as unknown as Run)(post({ enquiryId: ID, status: 'closed' }) as never)).toEqual({
      form: 'status',
      success: 'The enquiry from Shelter North is now “Closed”.'
    });
    api.client.PATCH.mockResolvedValue(apiFail(404, 'NOT_FOUND', 'Enquiry not found'));
    expect(await (actions.setStatus as unknown as Run)(post({ enquiryId: ID, status: 'new' }) as never)).toMatchObject({
      status: 404,
      data: { problem: 'That enquiry no longer exists.' }
    });
  });

  it('renders the list with a labelled status control per enquiry and a next-page link', () => {
    const html = renderHtml(EnquiriesPage, {
      data: { status: '', cursor: '', statuses: ['new', 'in_progress', 'closed'], enquiries: { items: [enquiry], nextCursor: 'n2' }, problem: null },
      form: null,
      params: {}
    } as never);
    expect(textOf(html)).toContain('Status of the enquiry from Shelter North');
    expect(html).toContain('href="/admin/enquiries?cursor=n2"');
    expect(headingsInOrder(html)).toBe(true);
  });
});
