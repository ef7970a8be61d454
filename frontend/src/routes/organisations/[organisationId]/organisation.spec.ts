import { beforeEach, describe, expect, it, vi } from 'vitest';
import { apiFail, apiOk, apiValidation, fakeApi, fakeEvent, thrown, user } from '#lib/event-test-helpers.js';
import { findTags, headingsInOrder, renderHtml, textOf } from '#lib/test-helpers.js';

const api = vi.hoisted(() => ({ client: null as unknown as ReturnType<typeof fakeApi>, createApiClient: vi.fn() }));
vi.mock('#lib/server/api.js', () => ({ createApiClient: api.createApiClient }));

const { actions, load } = await import('./+page.server');
const { default: OrganisationPage } = await import('./+page.svelte');

const ORG_ID = '22222222-2222-4222-8222-222222222222';
const MEMBER_ID = '33333333-3333-4333-8333-333333333333';
const organisation = (role: 'learner' | 'trainer' | 'org_admin' | null) => ({
  id: ORG_ID,
  name: 'La Strada',
  slug: 'la-strada',
  createdAt: '2026-01-01T00:00:00.000Z',
  role,
  memberCount: 2
});
const MB = 1024 * 1024;
const storage = { organisationId: ORG_ID, usedBytes: 190 * MB, quotaBytes: 200 * MB, fileCount: 97 };
const support = {
  organisationId: ORG_ID,
  safeguardingName: 'Designated safeguarding lead',
  safeguardingEmail: 'lead@example.org',
  safeguardingPhone: null,
  supportLineName: null,
  supportLinePhone: '0800 000 000',
  supportLineUrl: null,
  supportLineHours: null,
  version: 3,
  updatedAt: '2026-11-30T09:00:00.000Z'
};
const member = { userId: MEMBER_ID, displayName: 'Bo Chen', email: 'bo@example.org', role: 'learner', joinedAt: '2026-02-03T10:00:00.000Z' };

type Run = (event: never) => Promise<unknown>;
const run = (fn: unknown) => fn as Run;

function pageEvent(query = '', who = user) {
  return fakeEvent({ url: `/organisations/${ORG_ID}${query}`, user: who, params: { organisationId: ORG_ID } });
}

/** Answers the organisation GET with `role`, and lists with one member / no invitations. */
function answer(role: 'learner' | 'trainer' | 'org_admin' | null) {
  api.client.GET.mockImplementation(async (path: string) => {
    if (path === '/api/organisations/{organisationId}') return apiOk(organisation(role));
    if (path.endsWith('/members')) return apiOk({ items: [member], nextCursor: 'next-1' });
    if (path.endsWith('/invitations')) return apiOk({ items: [], nextCursor: null });
    if (path.endsWith('/storage')) return apiOk(storage);
    if (path.endsWith('/support')) return apiOk(support);
    throw new Error(`unexpected ${path}`);
  });
}

beforeEach(() => {
  api.client = fakeApi();
  api.createApiClient.mockReset().mockReturnValue(api.client);
});

describe('organisation load', () => {
  it('passes q, role and cursor through to the members list', async () => {
    answer('trainer');
    await load(pageEvent('?q=%20bo%20&role=learner&cursor=abc123') as never);
    expect(api.client.GET).toHaveBeenCalledWith('/api/organisations/{organisationId}/members', {
      params: { path: { organisationId: ORG_ID }, query: { q: 'bo', role: 'learner', cursor: 'abc123' } }
    });
  });

  it('sends no filters that are empty or invalid', async () => {
    answer('trainer');
    await load(pageEvent('?q=&role=superuser') as never);
    expect(api.client.GET).toHaveBeenCalledWith('/api/organisations/{organisationId}/members', {
      params: { path: { organisationId: ORG_ID }, query: { q: undefined, role: undefined, cursor: undefined } }
    });
  });

  it('calls the API as the signed-in person', async () => {
    answer('trainer');
    await load(pageEvent() as never);
    expect(api.createApiClient).toHaveBeenCalledWith(fetch, expect.objectContaining({ requestId: 'req-test-0001', accessToken: 'access-token-1' }));
  });

  it('lets trainers see members but not invitations', async () => {
    answer('trainer');
    const data = (await load(pageEvent() as never)) as Record<string, unknown>;
    expect(data).toMatchObject({ can: { viewMembers: true, manage: false }, members: { items: [member], nextCursor: 'next-1' }, invitations: null });
    expect(api.client.GET).not.toHaveBeenCalledWith('/api/organisations/{organisationId}/invitations', expect.anything());
  });

  it('gives org admins members and invitations', async () => {
    answer('org_admin');
    const data = (await load(pageEvent('?invitationsCursor=inv-2') as never)) as Record<string, unknown>;
    expect(data).toMatchObject({ can: { viewMembers: true, manage: true }, invitations: { items: [] } });
    expect(api.client.GET).toHaveBeenCalledWith('/api/organisations/{organisationId}/invitations', {
      params: { path: { organisationId: ORG_ID }, query: { cursor: 'inv-2' } }
    });
  });

  it('gives org admins the image storage used and its quota; trainers do not ask for it', async () => {
    answer('org_admin');
    expect(await load(pageEvent() as never)).toMatchObject({ storage, storageProblem: null });
    expect(api.client.GET).toHaveBeenCalledWith('/api/organisations/{organisationId}/storage', { params: { path: { organisationId: ORG_ID } } });
    api.client.GET.mockClear();
    answer('trainer');
    expect(await load(pageEvent() as never)).toMatchObject({ storage: null });
    expect(api.client.GET).not.toHaveBeenCalledWith('/api/organisations/{organisationId}/storage', expect.anything());
  });

  it('asks learners for nothing beyond the organisation', async () => {
    answer('learner');
    const data = (await load(pageEvent() as never)) as Record<string, unknown>;
    expect(data).toMatchObject({ can: { viewMembers: false, manage: false }, members: null, invitations: null });
    expect(api.client.GET).toHaveBeenCalledTimes(1);
  });

  it('lets platform admins who are not members manage', async () => {
    answer(null);
    const data = (await load(pageEvent('', { ...user, isPlatformAdmin: true }) as never)) as Record<string, unknown>;
    expect(data).toMatchObject({ can: { viewMembers: true, manage: true } });
  });

  it('turns the API 404 and 403 into error pages', async () => {
    api.client.GET.mockResolvedValue(apiFail(404, 'NOT_FOUND', 'Organisation not found'));
    expect(await thrown(() => load(pageEvent() as never))).toMatchObject({ status: 404 });
    api.client.GET.mockResolvedValue(apiFail(403, 'FORBIDDEN', 'Your role in this organisation does not allow this'));
    expect(await thrown(() => load(pageEvent() as never))).toMatchObject({
      status: 403,
      body: { message: 'Your role in this organisation does not allow this' }
    });
  });

  it('answers 404 for a malformed id without asking the API', async () => {
    const event = fakeEvent({ url: '/organisations/nope', user, params: { organisationId: 'nope' } });
    expect(await thrown(() => load(event as never))).toMatchObject({ status: 404 });
    expect(api.client.GET).not.toHaveBeenCalled();
  });

  it('sends someone signed out to sign in and come back', async () => {
    const event = fakeEvent({ url: `/organisations/${ORG_ID}?q=bo`, params: { organisationId: ORG_ID } });
    expect(await thrown(() => load(event as never))).toMatchObject({
      status: 303,
      location: `/login?next=${encodeURIComponent(`/organisations/${ORG_ID}?q=bo`)}`
    });
  });

  it('shows a list problem (a stale cursor) in its section instead of failing the page', async () => {
    answer('trainer');
    api.client.GET.mockImplementation(async (path: string) =>
      path.endsWith('/members')
        ? apiFail(400, 'VALIDATION_FAILED', 'bad cursor', { fields: [{ field: 'cursor', reasons: ['x'] }] })
        : apiOk(organisation('trainer'))
    );
    const data = (await load(pageEvent('?cursor=stale') as never)) as Record<string, unknown>;
    expect(data.members).toBeNull();
    expect(data.membersProblem).toMatch(/no longer available/);
  });
});

describe('organisation support details', () => {
  const post = (form: Record<string, string>) => fakeEvent({ url: `/organisations/${ORG_ID}?/saveSupport`, form, user, params: { organisationId: ORG_ID } });
  const filled = {
    safeguardingName: ' Designated safeguarding lead ',
    safeguardingEmail: 'lead@example.org',
    safeguardingPhone: '',
    supportLineName: '',
    supportLinePhone: '0800 000 000',
    supportLineUrl: '',
    supportLineHours: '',
    version: '3'
  };

  it('are read for org admins only', async () => {
    answer('org_admin');
    expect(((await load(pageEvent() as never)) as { support: unknown }).support).toEqual(support);
    answer('trainer');
    api.client.GET.mockClear();
    const asTrainer = (await load(pageEvent() as never)) as { support: unknown };
    expect(asTrainer.support).toBeNull();
    expect(api.client.GET).not.toHaveBeenCalledWith('/api/organisations/{organisationId}/support', expect.anything());
  });

  it('are saved with empty fields as null and the loaded version', async () => {
    api.client.PUT.mockResolvedValue(apiOk({ ...support, version: 4 }));
    const result = await run(actions.saveSupport)(post(filled) as never);
    expect(api.client.PUT).toHaveBeenCalledWith('/api/organisations/{organisationId}/support', {
      params: { path: { organisationId: ORG_ID } },
      body: {
        safeguardingName: 'Designated safeguarding lead',
        safeguardingEmail: 'lead@example.org',
        safeguardingPhone: null,
        supportLineName: null,
        supportLinePhone: '0800 000 000',
        supportLineUrl: null,
        supportLineHours: null,
        version: 3
      }
    });
    expect(result).toMatchObject({ form: 'support', success: expect.stringContaining('saved') });
  });

  it('show a refused field beside its control, keep what was typed, and say when another admin saved first', async () => {
    api.client.PUT.mockResolvedValue(apiValidation({ supportLineUrl: ['supportLineUrl must be an https:// web address'] }));
    const refused = await run(actions.saveSupport)(post({ ...filled, supportLineUrl: 'http://x.example' }) as never);
    expect(refused).toMatchObject({
      status: 400,
      data: {
        form: 'support',
        values: { supportLineUrl: 'http://x.example' },
        errors: { 'support-line-url': 'Support line web address must be an https:// web address' }
      }
    });
    api.client.PUT.mockResolvedValue(apiFail(409, 'CONFLICT', 'Someone else saved', { currentVersion: 4 }));
    expect(await run(actions.saveSupport)(post(filled) as never)).toMatchObject({
      status: 409,
      data: { form: 'support', problem: expect.stringContaining('Another admin saved these details'), values: { safeguardingEmail: 'lead@example.org' } }
    });
    api.client.PUT.mockClear();
    expect(await run(actions.saveSupport)(post({ ...filled, version: 'x' }) as never)).toMatchObject({ status: 400 });
    expect(api.client.PUT).not.toHaveBeenCalled();
  });
});

describe('organisation actions', () => {
  const post = (form: Record<string, string>) => fakeEvent({ url: `/organisations/${ORG_ID}?/x`, form, user, params: { organisationId: ORG_ID } });

  it('changes a role and says so', async () => {
    api.client.PATCH.mockResolvedValue(apiOk({ ...member, role: 'trainer' }));
    const result = await run(actions.changeRole)(post({ userId: MEMBER_ID, role: 'trainer' }) as never);
    expect(api.client.PATCH).toHaveBeenCalledWith('/api/organisations/{organisationId}/members/{userId}', {
      params: { path: { organisationId: ORG_ID, userId: MEMBER_ID } },
      body: { role: 'trainer' }
    });
    expect(result).toEqual({ form: 'members', success: 'Bo Chen is now Trainer.' });
  });

  it('shows the rule when a change would leave no org admin (422)', async () => {
    api.client.PATCH.mockResolvedValue(apiFail(422, 'LAST_ORG_ADMIN', 'An organisation needs at least one org admin'));
    const result = await run(actions.changeRole)(post({ userId: MEMBER_ID, role: 'learner' }) as never);
    expect(result).toMatchObject({ status: 422, data: { form: 'members', problem: 'An organisation needs at least one org admin' } });
  });

  it('refuses an unknown role without calling the API', async () => {
    const result = await run(actions.changeRole)(post({ userId: MEMBER_ID, role: 'owner' }) as never);
    expect(result).toMatchObject({ status: 400 });
    expect(api.client.PATCH).not.toHaveBeenCalled();
  });

  it('removes a member', async () => {
    api.client.DELETE.mockResolvedValue(apiOk(undefined, 204));
    const result = await run(actions.removeMember)(post({ userId: MEMBER_ID }) as never);
    expect(api.client.DELETE).toHaveBeenCalledWith('/api/organisations/{organisationId}/members/{userId}', {
      params: { path: { organisationId: ORG_ID, userId: MEMBER_ID } }
    });
    expect(result).toMatchObject({ form: 'members', success: expect.stringMatching(/removed/) });
  });

  it('invites, and shows "already a member" (409) under the email field', async () => {
    api.client.POST.mockResolvedValue(apiOk({ id: 'i', email: 'new@example.org', role: 'learner', expiresAt: '2026-03-01T00:00:00Z' }, 201));
    expect(await run(actions.invite)(post({ email: 'new@example.org', role: 'learner' }) as never)).toMatchObject({
      form: 'invite',
      success: expect.stringContaining('Invitation sent to new@example.org as Learner')
    });
    api.client.POST.mockResolvedValue(apiFail(409, 'CONFLICT', 'bo@example.org is already a member of this organisation'));
    expect(await run(actions.invite)(post({ email: 'bo@example.org', role: 'learner' }) as never)).toMatchObject({
      status: 409,
      data: { form: 'invite', errors: { email: 'bo@example.org is already a member of this organisation' } }
    });
  });

  it('says when the organisation has sent too many invitations, with the wait', async () => {
    api.client.POST.mockResolvedValue(
      apiFail(429, 'RATE_LIMITED', 'This organisation has sent 50 invitations in the last hour; try again later', undefined, {
        'retry-after': '1200'
      })
    );
    expect(await run(actions.invite)(post({ email: 'new@example.org', role: 'trainer' }) as never)).toMatchObject({
      status: 429,
      data: { problem: 'This organisation has sent 50 invitations in the last hour. Try again in 20 minutes.' }
    });
  });

  it('revokes an invitation', async () => {
    const invitationId = '44444444-4444-4444-8444-444444444444';
    api.client.DELETE.mockResolvedValue(apiOk(undefined, 204));
    await run(actions.revokeInvitation)(post({ invitationId }) as never);
    expect(api.client.DELETE).toHaveBeenCalledWith('/api/organisations/{organisationId}/invitations/{invitationId}', {
      params: { path: { organisationId: ORG_ID, invitationId } }
    });
  });
});

describe('organisation page', () => {
  const filters = { q: '', role: '', cursor: '', invitationsCursor: '' };
  const base = {
    organisation: organisation('org_admin'),
    filters,
    currentUserId: user.id,
    membersProblem: null,
    invitations: { items: [], nextCursor: null },
    invitationsProblem: null
  };
  const render = (data: Record<string, unknown>, form: unknown = null) => renderHtml(OrganisationPage, { data: { ...base, ...data }, form } as never);

  it('lets org admins change roles, remove (with a confirmation step) and invite', () => {
    const out = render({ can: { viewMembers: true, manage: true }, members: { items: [member], nextCursor: 'n1' } });
    expect(headingsInOrder(out)).toBe(true);
    expect(out).toContain(`for="role-${MEMBER_ID}"`);
    expect(textOf(out)).toContain('Save role of Bo Chen');
    expect(out).toMatch(/<details[^>]*>\s*<summary[^>]*>Remove <span class="visually-hidden">Bo Chen<\/span><\/summary>/);
    expect(textOf(out)).toContain('Remove Bo Chen');
    expect(textOf(out)).toContain('Send invitation');
    expect(out).toContain(`href="/organisations/${ORG_ID}?cursor=n1"`);
    expect(textOf(out)).toContain('No pending invitations');
  });

  it('shows admins the image storage used against the quota, and says what happens when it is full', () => {
    const out = render({ can: { viewMembers: true, manage: true }, members: { items: [member], nextCursor: null }, storage, storageProblem: null });
    expect(textOf(out)).toContain('190 MB of 200 MB used by 97 images in lessons.');
    expect(out).toContain('aria-valuenow="95"');
    expect(textOf(out)).toContain('When it is full, trainers cannot upload more images.');
    const roomy = render({
      can: { viewMembers: true, manage: true },
      members: { items: [], nextCursor: null },
      storage: { ...storage, usedBytes: 0, fileCount: 0 }
    });
    expect(textOf(roomy)).toContain('0 MB of 200 MB used by 0 images');
    expect(textOf(roomy)).not.toContain('When it is full');
    const failed = render({ can: { viewMembers: true, manage: true }, members: { items: [], nextCursor: null }, storage: null, storageProblem: 'Down' });
    expect(textOf(failed)).toContain('The storage used could not be read');
  });

  it('gives org admins the safeguarding contact form, labelled, with what is saved', () => {
    const out = render({ can: { viewMembers: true, manage: true }, members: { items: [], nextCursor: null }, support, supportProblem: null });
    expect(headingsInOrder(out)).toBe(true);
    expect(textOf(out)).toContain('Safeguarding contact and support line');
    for (const label of ['Contact name or role', 'Contact email address', 'Contact phone number', 'Support line web address', 'Support line opening hours']) {
      expect(textOf(out)).toContain(label);
    }
    const inputs = findTags(out, 'input');
    expect(inputs.find((i) => i.attrs.name === 'safeguardingEmail')?.attrs.value).toBe('lead@example.org');
    expect(inputs.find((i) => i.attrs.name === 'version')?.attrs.value).toBe('3');
    expect(out).toContain('action="?/saveSupport"');
    const failed = render({ can: { viewMembers: true, manage: true }, members: { items: [], nextCursor: null }, support: null, supportProblem: 'Down' });
    expect(textOf(failed)).toContain('The support details could not be read');
  });

  it('shows trainers the members without any controls', () => {
    const out = render({
      organisation: organisation('trainer'),
      can: { viewMembers: true, manage: false },
      members: { items: [member], nextCursor: null },
      invitations: null
    });
    expect(textOf(out)).toContain('Bo Chen');
    expect(out).not.toContain('<details');
    expect(out).not.toContain('Save role');
    expect(out).not.toContain('Send invitation');
    expect(out).not.toContain('Image storage');
    expect(out).not.toContain('Safeguarding contact');
  });

  it('shows learners the organisation and their role only', () => {
    const out = render({ organisation: organisation('learner'), can: { viewMembers: false, manage: false }, members: null, invitations: null });
    expect(textOf(out)).toContain('Your role: Learner');
    expect(out).not.toContain('<table');
    expect(out).not.toContain('Invite');
  });

  it('keeps the filters in the next-page link and the action addresses', () => {
    const out = render({
      filters: { ...filters, q: 'bo', role: 'learner' },
      can: { viewMembers: true, manage: true },
      members: { items: [member], nextCursor: 'n2' }
    });
    expect(out).toContain(`href="/organisations/${ORG_ID}?q=bo&amp;role=learner&amp;cursor=n2"`);
    expect(out).toContain('action="?/changeRole&amp;q=bo&amp;role=learner"');
  });

  it('has an empty state that depends on the filters', () => {
    const empty = { can: { viewMembers: true, manage: false }, members: { items: [], nextCursor: null }, invitations: null };
    expect(textOf(render(empty))).toContain('No members yet');
    expect(textOf(render({ ...empty, filters: { ...filters, q: 'zz' } }))).toContain('No members match these filters');
  });
});
