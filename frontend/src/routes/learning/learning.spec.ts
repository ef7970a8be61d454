import { beforeEach, describe, expect, it, vi } from 'vitest';
import { completion as completionOf, dashboardCourse, ENROLMENT_ID, myProgress } from '#lib/learning/test-fixtures.js';
import { certificate, CERTIFICATE_ID } from '#lib/certificates/test-fixtures.js';
import { findTags, headingsInOrder, renderHead, renderHtml, textOf, titleOf } from '#lib/test-helpers.js';

const api = vi.hoisted(() => ({ GET: vi.fn(), POST: vi.fn(), createApiClient: vi.fn() }));
vi.mock('#lib/server/api.js', () => ({ createApiClient: api.createApiClient }));

const { load, actions } = await import('./+page.server');
const { default: LearningPage } = await import('./+page.svelte');
const { GET: downloadRecords } = await import('./records/+server');

const ok = (data: unknown, status = 200) => ({ data, error: undefined, response: new Response(null, { status }) });
const problem = (status: number, code: string, message = 'refused') => ({
  data: undefined,
  error: { statusCode: status, code, message },
  response: new Response(null, { status })
});

const learner = { id: 'u1', email: 'u@example.org', displayName: 'U', emailVerified: true, isPlatformAdmin: false, memberships: [] };
const eventAt = (url: string, user: unknown = learner, form?: Record<string, string>) =>
  ({
    fetch,
    locals: { requestId: 'req-1', user, accessToken: user ? 'token-1' : null },
    params: {},
    url: new URL(url, 'http://localhost'),
    request: form
      ? new Request('http://localhost/learning?/retake', { method: 'POST', body: new URLSearchParams(form) })
      : new Request('http://localhost/learning')
  }) as never;

beforeEach(() => {
  api.GET.mockReset();
  api.POST.mockReset();
  api.createApiClient.mockReset().mockReturnValue({ GET: api.GET, POST: api.POST });
});

describe('my learning: load', () => {
  it('sends a signed-out visitor to sign in, coming back here', async () => {
    await expect(load(eventAt('/learning', null))).rejects.toMatchObject({ status: 303, location: '/login?next=%2Flearning' });
    expect(api.GET).not.toHaveBeenCalled();
  });

  it('asks the API, as the learner, for the page of courses in the address and the newest certificates, at once', async () => {
    api.GET.mockImplementation((path: string) => Promise.resolve(ok(path === '/api/me/progress' ? myProgress() : { items: [], nextCursor: null })));
    const result = await load(eventAt('/learning?cursor=c2'));
    expect(api.GET).toHaveBeenCalledTimes(2);
    expect(api.GET).toHaveBeenCalledWith('/api/me/progress', { params: { query: { cursor: 'c2' } } });
    expect(api.GET).toHaveBeenCalledWith('/api/me/certificates', { params: { query: { cursor: undefined } } });
    expect(api.createApiClient.mock.calls[0]![1]).toMatchObject({ accessToken: 'token-1', requestId: 'req-1' });
    expect(result).toEqual({
      dashboard: myProgress(),
      cursor: 'c2',
      organisationName: '',
      assignments: [],
      loadProblem: null,
      certificates: [],
      moreCertificates: false,
      certificateStates: {}
    });
  });

  it('pairs each completed course with its certificate, or says it is being prepared; certificates that cannot be read leave only their part out', async () => {
    const completedAt = new Date(Date.now() - 60_000).toISOString();
    const done = dashboardCourse({ completion: completionOf({ completedAt }) });
    const other = dashboardCourse({
      enrolmentId: 'e-2',
      courseSlug: 'homelessness',
      completion: completionOf({ id: 'c2', completedAt, courseSlug: 'homelessness' })
    });
    const cert = certificate({ courseSlug: 'foundations', issuedAt: new Date().toISOString() });
    api.GET.mockImplementation((path: string) =>
      Promise.resolve(
        ok(path === '/api/me/progress' ? myProgress({ courses: [done, other] }) : { items: path === '/api/me/certificates' ? [cert] : [], nextCursor: null })
      )
    );
    const result = (await load(eventAt('/learning'))) as Record<string, unknown>;
    expect(result.certificateStates).toEqual({ [ENROLMENT_ID]: { kind: 'ready', certificate: cert }, 'e-2': { kind: 'preparing', completedAt } });
    expect(result.certificates).toEqual([cert]);

    api.GET.mockImplementation((path: string) =>
      Promise.resolve(
        path === '/api/me/progress' ? ok(myProgress({ courses: [done] })) : path === '/api/me/certificates' ? problem(500, 'INTERNAL_ERROR') : ok({ items: [] })
      )
    );
    expect(await load(eventAt('/learning'))).toMatchObject({ dashboard: myProgress({ courses: [done] }), certificates: null, certificateStates: {} });
  });

  it('says a stale page of courses is gone instead of failing', async () => {
    api.GET.mockImplementation((path: string) =>
      Promise.resolve(path === '/api/me/progress' ? problem(400, 'BAD_REQUEST') : ok({ items: [], nextCursor: null }))
    );
    expect(await load(eventAt('/learning?cursor=junk'))).toMatchObject({ dashboard: null, loadProblem: expect.stringContaining('no longer available') });
  });

  it('answers 503 when the API is down, and sends a session that ended to sign in', async () => {
    api.GET.mockRejectedValue(new TypeError('fetch failed'));
    await expect(load(eventAt('/learning'))).rejects.toMatchObject({ status: 503 });
    api.GET.mockReset().mockResolvedValue(problem(401, 'UNAUTHENTICATED'));
    await expect(load(eventAt('/learning'))).rejects.toMatchObject({ status: 303, location: '/login?next=%2Flearning' });
  });
});

describe('my learning: page', () => {
  const render = (data: Record<string, unknown>, form: unknown = null) =>
    renderHtml(LearningPage, {
      data: { cursor: '', loadProblem: null, assignments: [], certificates: null, moreCertificates: false, certificateStates: {}, ...data },
      form
    } as never);

  it('points a new learner to the catalogue', () => {
    const out = render({ dashboard: myProgress({ courses: [], totalTimeSpentSeconds: 0 }) });
    expect(headingsInOrder(out)).toBe(true);
    expect(textOf(out)).toContain('You are not enrolled on any course yet');
    expect(findTags(out, 'a').some((a) => a.attrs.href === '/courses')).toBe(true);
    expect(textOf(out)).toContain('Total learning time none yet');
  });

  it('shows each course with its percent, time, Continue to the saved lesson and position, and quiz results per module', () => {
    const out = render({ organisationName: 'La Strada', dashboard: myProgress({ courses: [dashboardCourse({ organisationCourse: true })] }) });
    expect(headingsInOrder(out)).toBe(true);
    const text = textOf(out);
    expect(text).toContain('Total learning time 3 hours 5 minutes');
    expect(text).toContain('From La Strada');
    const bar = findTags(out, 'div').find((d) => d.attrs.role === 'progressbar');
    expect(bar?.attrs).toMatchObject({ 'aria-valuenow': '40', 'aria-label': 'Progress in Foundations' });
    expect(text).toContain('2 of 5 lessons completed · time spent 25 minutes');
    const resume = findTags(out, 'a').find((a) => a.attrs.href === '/courses/foundations/lessons/l-2?resume=0.42');
    expect(resume).toBeDefined();
    expect(text).toContain('Continue Foundations : A scoping study');
    expect(text).toContain('Ending forced labour by 2030 Complete · Quiz: 86%, passed (2 attempts)');
    expect(text).toContain('Modern slavery and homelessness Not complete yet');
  });

  it('says Start, not Continue, for a course nothing has been read in yet', () => {
    const fresh = dashboardCourse({
      lastActivityAt: null,
      percentComplete: 0,
      resume: { lessonId: 'l-1', lessonTitle: 'Context', moduleSlug: 'm', position: null }
    });
    const out = render({ dashboard: myProgress({ courses: [fresh] }) });
    expect(textOf(out)).toContain('Start Foundations : Context');
    expect(findTags(out, 'a').some((a) => a.attrs.href === '/courses/foundations/lessons/l-1')).toBe(true);
  });

  it('marks a due date, and an overdue one in words', () => {
    const due = textOf(render({ dashboard: myProgress({ courses: [dashboardCourse({ dueAt: '2026-12-31T00:00:00.000Z' })] }) }));
    expect(due).toContain('Due 31 Dec 2026');
    const overdue = textOf(render({ dashboard: myProgress({ courses: [dashboardCourse({ dueAt: '2026-11-01T00:00:00.000Z', overdue: true })] }) }));
    expect(overdue).toContain('Overdue: was due 1 Nov 2026');
  });

  it('shows completions with their expiry, and offers Re-take (a form) only when expiring or expired', () => {
    const completion = completionOf({ status: 'expiring' });
    const expiring = render({ dashboard: myProgress({ courses: [dashboardCourse({ completion, resume: null, percentComplete: 100 })] }) });
    expect(textOf(expiring)).toContain('Completed, expiring soon : completed 10 Dec 2025, final score 92%. Valid until 10 Dec 2026.');
    const form = findTags(expiring, 'form').find((f) => f.attrs.action === '?/retake');
    expect(form?.attrs.method).toBe('POST');
    expect(findTags(expiring, 'input').find((i) => i.attrs.name === 'enrolmentId')?.attrs.value).toBe(ENROLMENT_ID);
    expect(textOf(expiring)).toContain('Re-take Foundations');

    const current = render({ dashboard: myProgress({ courses: [dashboardCourse({ completion: { ...completion, status: 'current' } })] }) });
    expect(findTags(current, 'form').some((f) => f.attrs.action === '?/retake')).toBe(false);
    const expired = render({ dashboard: myProgress({ courses: [dashboardCourse({ completion: { ...completion, status: 'expired' } })] }) });
    expect(textOf(expired)).toContain('Expired : completed 10 Dec 2025, final score 92%. Expired 10 Dec 2026.');
    expect(findTags(expired, 'form').some((f) => f.attrs.action === '?/retake')).toBe(true);
  });

  it('says when a regrade withdrew a completion, and leads back to the course instead of offering a re-take', () => {
    const revoked = completionOf({
      status: 'revoked',
      revokedAt: '2026-12-01T00:00:00.000Z',
      revokedReason: 'A quiz was regraded: Module 1 is no longer passed.'
    });
    const out = render({ dashboard: myProgress({ courses: [dashboardCourse({ completion: revoked })] }) });
    expect(textOf(out)).toContain('Completion withdrawn : completed 10 Dec 2025, final score 92%. A quiz was regraded: Module 1 is no longer passed.');
    expect(findTags(out, 'form').some((f) => f.attrs.action === '?/retake')).toBe(false);
    expect(findTags(out, 'a').some((a) => a.attrs.href === '/courses/foundations/lessons/l-2?resume=0.42')).toBe(true);
  });

  it('links the learning records download, pages on with the cursor, and lists earlier completions', () => {
    const out = render({
      cursor: 'c1',
      dashboard: myProgress({
        nextCursor: 'c2',
        archivedCompletions: [
          completionOf({
            id: 'a1',
            completedAt: '2024-12-01T00:00:00.000Z',
            expiresAt: '2025-12-01T00:00:00.000Z',
            status: 'expired',
            finalScore: 80,
            archivedAt: '2025-12-02T00:00:00.000Z'
          })
        ]
      })
    });
    const links = findTags(out, 'a').map((a) => a.attrs.href);
    expect(links).toContain('/learning/records');
    expect(links).toContain('/learning?cursor=c2');
    expect(links).toContain('/learning');
    expect(textOf(out)).toContain('Foundations : completed 1 Dec 2024, final score 80%; expired 1 Dec 2025.');
    expect(headingsInOrder(out)).toBe(true);
  });

  it('links a completed course’s certificate, says when it is being prepared, and lists the newest certificates', () => {
    const done = dashboardCourse({ completion: completionOf(), resume: null, percentComplete: 100 });
    const waiting = dashboardCourse({ enrolmentId: 'e-2', courseSlug: 'homelessness', courseTitle: 'Homelessness', completion: completionOf({ id: 'c2' }) });
    const cert = certificate();
    const out = render({
      dashboard: myProgress({ courses: [done, waiting] }),
      certificates: [cert],
      moreCertificates: true,
      certificateStates: { [ENROLMENT_ID]: { kind: 'ready', certificate: cert }, 'e-2': { kind: 'preparing', completedAt: '2025-12-10T00:00:00.000Z' } }
    });
    expect(headingsInOrder(out)).toBe(true);
    const links = findTags(out, 'a').map((a) => a.attrs.href);
    expect(links).toContain(`/certificates/${CERTIFICATE_ID}/pdf`);
    expect(links).toContain(`/learning/certificates#certificate-${CERTIFICATE_ID}`);
    expect(links).toContain('/learning/certificates');
    const text = textOf(out);
    expect(text).toContain('Your certificate for Homelessness is being prepared.');
    expect(text).toContain('All your certificates');
    expect(text).toContain('Your certificates Foundations (version 1) Valid until 10 Dec 2026.');
  });

  it('says when a page of courses is gone, and titles the page as an error after a failed re-take', () => {
    expect(textOf(render({ dashboard: null, loadProblem: 'This page of your courses is no longer available.' }))).toContain('Go to the first page');
    const head = renderHead(LearningPage, {
      data: { cursor: '', loadProblem: null, assignments: [], dashboard: myProgress() },
      form: { form: 'retake', problem: 'No' }
    } as never);
    expect(titleOf(head)).toBe('Error: My learning · HTMSE Academy');
  });
});

describe('my learning: re-take', () => {
  type Action = (event: never) => Promise<unknown>;
  const retake = actions.retake as unknown as Action;

  it('starts a new enrolment and goes to the course', async () => {
    api.POST.mockResolvedValue(ok({ enrolmentId: 'new', courseSlug: 'foundations' }, 201));
    await expect(retake(eventAt('/learning?/retake', learner, { enrolmentId: ENROLMENT_ID }))).rejects.toMatchObject({
      status: 303,
      location: '/courses/foundations?retake=started'
    });
    expect(api.POST).toHaveBeenCalledWith('/api/me/enrolments/{enrolmentId}/retake', { params: { path: { enrolmentId: ENROLMENT_ID } } });
  });

  it('refuses a malformed enrolment id without calling the API', async () => {
    expect(await retake(eventAt('/learning?/retake', learner, { enrolmentId: '../x' }))).toMatchObject({ status: 400, data: { form: 'retake' } });
    expect(api.POST).not.toHaveBeenCalled();
  });

  it("says so when the enrolment is not the learner's (404) or the rule refuses (422)", async () => {
    api.POST.mockResolvedValue(problem(404, 'NOT_FOUND'));
    expect(await retake(eventAt('/learning?/retake', learner, { enrolmentId: ENROLMENT_ID }))).toMatchObject({
      status: 404,
      data: { form: 'retake', problem: expect.stringContaining('no longer in your learning') }
    });
    api.POST.mockResolvedValue(problem(422, 'RULE_VIOLATION', 'This completion has not expired and is not about to.'));
    expect(await retake(eventAt('/learning?/retake', learner, { enrolmentId: ENROLMENT_ID }))).toMatchObject({
      status: 422,
      data: { problem: 'This completion has not expired and is not about to.' }
    });
  });

  it('sends a signed-out visitor to sign in', async () => {
    await expect(retake(eventAt('/learning?/retake', null, { enrolmentId: ENROLMENT_ID }))).rejects.toMatchObject({ status: 303 });
  });
});

describe('my learning: records download', () => {
  it('hands over the API’s records as a file, streamed', async () => {
    const body = new Response('{"statements":[]}').body;
    api.GET.mockResolvedValue({ data: body, error: undefined, response: new Response(null, { status: 200 }) });
    const response = await downloadRecords(eventAt('/learning/records'));
    expect(api.GET).toHaveBeenCalledWith('/api/me/records/download', { parseAs: 'stream' });
    expect(response.headers.get('content-disposition')).toContain('attachment');
    expect(response.headers.get('cache-control')).toBe('private, no-store');
    expect(await response.text()).toBe('{"statements":[]}');
  });

  it('sends a signed-out visitor to sign in and back to the dashboard', async () => {
    await expect(downloadRecords(eventAt('/learning/records', null))).rejects.toMatchObject({ status: 303, location: '/login?next=%2Flearning' });
  });
});
