import { beforeEach, describe, expect, it, vi } from 'vitest';
import { apiFail, apiOk, fakeApi, fakeEvent, user } from '#lib/event-test-helpers.js';
import { findTags, renderHtml, textOf } from '#lib/test-helpers.js';

const api = vi.hoisted(() => ({ client: null as unknown as ReturnType<typeof fakeApi>, createApiClient: vi.fn() }));
vi.mock('#lib/server/api.js', () => ({ createApiClient: api.createApiClient }));

const { actions: importActions } = await import('./[cohortId]/members/import/+page.server');
const { actions: timelineActions } = await import('./[cohortId]/members/[userId]/+page.server');
const { actions: assignmentActions } = await import('./[cohortId]/assignments/+page.server');
const { readProgressView, viewParams } = await import('./[cohortId]/progress-query');
const { default: ProgressMatrix } = await import('./[cohortId]/ProgressMatrix.svelte');
const { default: ImportErrors } = await import('./[cohortId]/members/import/ImportErrors.svelte');
const { default: CompletionChart } = await import('#lib/cohorts/CompletionChart.svelte');

type Run = (event: never) => Promise<unknown>;
const run = (fn: unknown) => fn as Run;
const COHORT = '22222222-2222-4222-8222-222222222222';
const LEARNER = '33333333-3333-4333-8333-333333333333';
const ASSIGNMENT = '44444444-4444-4444-8444-444444444444';

beforeEach(() => {
  api.client = fakeApi();
  api.createApiClient.mockReset().mockReturnValue(api.client);
});

/** A multipart post with a file, as the import form sends it without JavaScript. */
function upload(name: string, text: string, type = 'text/csv') {
  const event = fakeEvent({ url: `/cohorts/${COHORT}/members/import?/import`, user, params: { cohortId: COHORT } });
  const body = new FormData();
  body.set('file', new File([text], name, { type }));
  return { ...event, request: new Request(event.url, { method: 'POST', body }) };
}

describe('CSV import action', () => {
  const csv = 'email,name,external_id\nana@example.org,Ana,1\nnot-an-email,Bo,2\n';

  it('sends the file as text/csv and answers the report with the rejected rows to download', async () => {
    const report = { rows: 2, imported: 1, alreadyMembers: 0, invited: 1, rejected: 1, errors: [{ line: 3, field: 'email', reason: 'Not an email address' }] };
    api.client.POST.mockResolvedValue(apiOk({ ...report, rejectedCsv: '' }));
    const answer = await run(importActions.import)(upload('staff.csv', csv) as never);
    // Without the API's own file of refused rows, they are cut from the upload.
    expect(answer).toEqual({ form: 'import', fileName: 'staff.csv', report, rejectedCsv: 'email,name,external_id\r\nnot-an-email,Bo,2\r\n' });
    api.client.POST.mockResolvedValue(apiOk({ ...report, rejectedCsv: 'email,name,external_id,errors\r\nnot-an-email,Bo,2,email: not an email\r\n' }));
    expect(await run(importActions.import)(upload('staff.csv', csv) as never)).toMatchObject({ rejectedCsv: expect.stringContaining(',errors') });
    const [path, init] = api.client.POST.mock.calls[0]!;
    expect(path).toBe('/api/cohorts/{cohortId}/members:import');
    expect(init).toMatchObject({ params: { path: { cohortId: COHORT } }, body: csv, headers: { 'content-type': 'text/csv; charset=utf-8' } });
  });

  it('refuses no file, an empty file and a file that is not CSV before asking the API', async () => {
    const empty = fakeEvent({ url: '/x?/import', user, params: { cohortId: COHORT }, form: {} });
    expect(await run(importActions.import)(empty as never)).toMatchObject({ status: 400, data: { errors: { file: 'Choose a CSV file' } } });
    expect(await run(importActions.import)(upload('staff.csv', '') as never)).toMatchObject({ status: 400, data: { errors: { file: 'The file is empty' } } });
    expect(await run(importActions.import)(upload('staff.pdf', '%PDF', 'application/pdf') as never)).toMatchObject({
      status: 415,
      data: { errors: { file: expect.stringContaining('CSV file') } }
    });
    expect(api.client.POST).not.toHaveBeenCalled();
  });

  it('says a file too large for the API on the file field', async () => {
    api.client.POST.mockResolvedValue(apiFail(413, 'PAYLOAD_TOO_LARGE', 'Too large'));
    expect(await run(importActions.import)(upload('big.csv', csv) as never)).toMatchObject({
      status: 413,
      data: { errors: { file: expect.stringContaining('Split it into smaller files') } }
    });
  });
});

describe('reminders', () => {
  const remind = (form: Record<string, string>) =>
    fakeEvent({ url: `/cohorts/${COHORT}/members/${LEARNER}?/remind`, user, params: { cohortId: COHORT, userId: LEARNER }, form });

  it('sends one and says it is on its way', async () => {
    api.client.POST.mockResolvedValue(apiOk(undefined, 202));
    expect(await run(timelineActions.remind)(remind({ userId: LEARNER, name: 'Ana', message: 'See you Thursday' }) as never)).toMatchObject({
      form: 'remind',
      userId: LEARNER,
      success: 'Reminder on its way to Ana: we email it in the next few minutes.'
    });
    expect(api.client.POST).toHaveBeenCalledWith('/api/cohorts/{cohortId}/members/{userId}/remind', {
      params: { path: { cohortId: COHORT, userId: LEARNER } },
      body: { message: 'See you Thursday' }
    });
  });

  it('answers the rate limit plainly, with the wait', async () => {
    api.client.POST.mockResolvedValue(apiFail(429, 'RATE_LIMITED', 'Too many requests', undefined, { 'retry-after': '120' }));
    expect(await run(timelineActions.remind)(remind({ userId: LEARNER, name: 'Ana' }) as never)).toMatchObject({
      data: { problem: expect.stringContaining('you can send another in 2 minutes') }
    });
    api.client.POST.mockResolvedValue(apiFail(429, 'RATE_LIMITED', 'Too many requests'));
    expect(await run(timelineActions.remind)(remind({ userId: LEARNER, name: 'Ana' }) as never)).toMatchObject({
      data: { problem: expect.stringContaining('you can send another tomorrow') }
    });
    api.client.POST.mockResolvedValue(apiFail(429, 'REMINDER_ALREADY_SENT_TODAY', 'Already reminded today', undefined, { 'retry-after': '18000' }));
    expect(await run(timelineActions.remind)(remind({ userId: LEARNER, name: 'Ana' }) as never)).toMatchObject({
      status: 429,
      data: { problem: 'Ana has already been sent a reminder today. To spare their inbox, one reminder a day is sent: you can send another in about 5 hours.' }
    });
  });
});

describe('assigning a course', () => {
  const assign = (form: Record<string, string>) => fakeEvent({ url: '/x?/assign', user, params: { cohortId: COHORT }, form });

  it('sends the due date as the end of that day and refuses a due date before the start', async () => {
    api.client.POST.mockResolvedValue(
      apiOk({ id: ASSIGNMENT, courseId: 'foundations', courseTitle: 'Foundations', startsAt: null, dueAt: '2027-01-31T23:59:59.999Z' })
    );
    expect(await run(assignmentActions.assign)(assign({ courseId: 'foundations', startsAt: '', dueAt: '2027-01-31' }) as never)).toMatchObject({
      success: expect.stringContaining('Foundations is assigned')
    });
    expect(api.client.POST.mock.calls[0]![1]).toMatchObject({ body: { courseId: 'foundations', dueAt: '2027-01-31T23:59:59.999Z' } });
    expect(await run(assignmentActions.assign)(assign({ courseId: 'foundations', startsAt: '2027-02-01', dueAt: '2027-01-31' }) as never)).toMatchObject({
      status: 400,
      data: { errors: { dueAt: 'The due date must be on or after the start date' } }
    });
  });

  it('says a seat-limit refusal on its own, with the API’s numbers', async () => {
    api.client.POST.mockResolvedValue(apiFail(422, 'SEAT_LIMIT_EXCEEDED', 'The licence has 20 seats; assigning this course needs 26.'));
    expect(await run(assignmentActions.assign)(assign({ courseId: 'foundations' }) as never)).toMatchObject({
      status: 422,
      data: { form: 'assign', seats: 'The licence has 20 seats; assigning this course needs 26.' }
    });
  });
});

describe('progress view address', () => {
  it('keeps known filters and sorts only, and restarts paging when they change', () => {
    const view = readProgressView(new URLSearchParams(`assignment=${ASSIGNMENT}&filter=overdue&sort=progress&cursor=c2`));
    expect(view).toMatchObject({ assignmentId: ASSIGNMENT, filter: 'overdue', sort: 'progress', page: { cursor: 'c2', back: [] } });
    expect(readProgressView(new URLSearchParams('assignment=nope&filter=drop-table&sort=evil'))).toMatchObject({ assignmentId: '', filter: '', sort: 'name' });
    expect(viewParams(view, { filter: 'completed' }).toString()).toBe(`assignment=${ASSIGNMENT}&filter=completed&sort=progress`);
  });
});

describe('progress matrix table', () => {
  const matrix = {
    assignment: null,
    modules: [
      { id: 'm1', title: 'Recognising indicators' },
      { id: 'm2', title: 'Safe referral' }
    ],
    items: [
      {
        memberId: 'k1',
        userId: LEARNER,
        name: 'Ana Silva',
        email: 'ana@example.org',
        externalId: null,
        pending: false,
        state: 'in_progress' as const,
        percent: 50,
        overdue: true,
        atRisk: false,
        completedAt: null,
        dueAt: '2020-01-01T00:00:00Z',
        lastActivityAt: null,
        modules: [{ moduleId: 'm1', state: 'complete' as const, score: 85 }]
      }
    ],
    nextCursor: null
  };
  const out = renderHtml(ProgressMatrix, {
    matrix,
    caption: 'Progress in Foundations',
    cohortId: COHORT,
    sort: 'name',
    sortHref: (s: string) => `/cohorts/${COHORT}?sort=${s}`,
    timelineQuery: new URLSearchParams({ assignment: ASSIGNMENT })
  });

  it('has column and row headers, a caption, and names the sorted column', () => {
    const cols = findTags(out, 'th').filter((t) => t.attrs.scope === 'col');
    expect(cols).toHaveLength(7);
    expect(findTags(out, 'th').filter((t) => t.attrs.scope === 'row')).toHaveLength(1);
    expect(cols[0]!.attrs['aria-sort']).toBe('ascending');
    expect(out).toMatch(/<caption[^>]*>Progress in Foundations<\/caption>/);
    expect(out).toContain(`href="/cohorts/${COHORT}?sort=progress"`);
    expect(out).toContain(`href="/cohorts/${COHORT}/members/${LEARNER}?assignment=${ASSIGNMENT}"`);
  });

  it('says each cell in words (the symbols are hidden from screen readers) and overdue in text', () => {
    const text = textOf(out);
    expect(text).toContain('Complete, score 85%');
    expect(text).toContain('Not started');
    expect(text).toContain('Overdue: 1 Jan 2020');
    for (const span of findTags(out, 'span').filter((t) => (t.attrs.class ?? '').startsWith('symbol'))) expect(span.attrs['aria-hidden']).toBe('true');
  });
});

describe('import errors table and chart', () => {
  it('lists line, field and reason with row headers', () => {
    const out = renderHtml(ImportErrors, { errors: [{ line: 7, field: 'email', reason: 'Not an email address' }], fileName: 'staff.csv' });
    expect(textOf(out)).toContain('Rows not imported from staff.csv Line Field Reason 7 Email address Not an email address');
    expect(findTags(out, 'th').filter((t) => t.attrs.scope === 'row')).toHaveLength(1);
  });

  it('draws the chart as an image described in words, with the numbers as a table', () => {
    const out = renderHtml(CompletionChart, { weeks: [{ week: '2026-11-02', count: 2 }], title: 'Completions per week' });
    const svg = findTags(out, 'svg')[0]!;
    expect(svg.attrs.role).toBe('img');
    expect(svg.attrs['aria-labelledby']).toMatch(/chart-title-\S+ chart-desc-\S+/);
    expect(textOf(out)).toContain('2 completions in the week of 2 Nov');
    expect(textOf(out)).toContain('Week starting Completions Running total 2 Nov 2 2');
    expect(textOf(renderHtml(CompletionChart, { weeks: [], title: 'Completions' }))).toContain('No completions yet');
  });
});
