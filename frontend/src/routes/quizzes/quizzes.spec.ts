import { render } from 'svelte/server';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { apiFail, apiOk, fakeApi, fakeEvent, thrown, user } from '#lib/event-test-helpers.js';
import { AttemptSession, ATTEMPT_SESSION } from '#lib/quiz/session.svelte.js';
import { ATTEMPT_ID, attemptFixture, ITEMS, QUIZ_ID, quizFixture } from '#lib/quiz/test-fixtures.js';
import type { AttemptView } from '#lib/quiz/types.js';
import { findTags, headingsInOrder, renderHtml, textOf } from '#lib/test-helpers.js';
import { dashboardCourse, myProgress } from '#lib/learning/test-fixtures.js';

const api = vi.hoisted(() => ({ client: null as unknown as ReturnType<typeof fakeApi>, createApiClient: vi.fn() }));
vi.mock('#lib/server/api.js', () => ({ createApiClient: api.createApiClient }));

const startPage = await import('./[quizId]/+page.server');
const { default: StartPage } = await import('./[quizId]/+page.svelte');
const questionActions = (await import('./[quizId]/attempts/[attemptId]/(taking)/questions/[position]/+page.server')).actions;
const { default: QuestionPage } = await import('./[quizId]/attempts/[attemptId]/(taking)/questions/[position]/+page.svelte');
const summaryActions = (await import('./[quizId]/attempts/[attemptId]/(taking)/summary/+page.server')).actions;
const { default: SummaryPage } = await import('./[quizId]/attempts/[attemptId]/(taking)/summary/+page.svelte');
const takingLayout = await import('./[quizId]/attempts/[attemptId]/(taking)/+layout.server');
const reviewPage = await import('./[quizId]/attempts/[attemptId]/review/+page.server');
const { default: ReviewPage } = await import('./[quizId]/attempts/[attemptId]/review/+page.svelte');
const answersEndpoint = await import('./[quizId]/attempts/[attemptId]/answers/+server');

beforeEach(() => {
  api.client = fakeApi();
  api.createApiClient.mockReset().mockReturnValue(api.client);
});

type Handler = (event: never) => Promise<unknown>;
const call = (fn: unknown, event: unknown) => (fn as Handler)(event as never);
const base = `/quizzes/${QUIZ_ID}/attempts/${ATTEMPT_ID}`;
const params = { quizId: QUIZ_ID, attemptId: ATTEMPT_ID };

/** A form post with repeated fields (ordering, multiple response). */
function post(url: string, entries: Array<[string, string]>, position = '1') {
  const event = fakeEvent({ url, user, params: { ...params, position } });
  const body = new FormData();
  for (const [k, v] of entries) body.append(k, v);
  return { ...event, request: new Request(event.url, { method: 'POST', body }) };
}

function renderWithSession(component: unknown, session: AttemptSession, props: Record<string, unknown>): string {
  const out = render(component as never, { props: props as never, context: new Map([[ATTEMPT_SESSION, session]]) });
  return out.body.replace(/<!--[\s\S]*?-->/g, '');
}

describe('quiz start page', () => {
  it('asks for the quiz as the signed-in learner; signed out goes to sign in first', async () => {
    api.client.GET.mockResolvedValue(apiOk(quizFixture()));
    const data = (await call(startPage.load, fakeEvent({ url: `/quizzes/${QUIZ_ID}?course=foundations`, user, params }))) as Record<string, unknown>;
    expect(api.client.GET).toHaveBeenCalledWith('/api/quizzes/{quizId}', { params: { path: { quizId: QUIZ_ID } } });
    expect(data).toMatchObject({ quiz: { id: QUIZ_ID }, courseSlug: 'foundations' });
    const out = await thrown(() => call(startPage.load, fakeEvent({ url: `/quizzes/${QUIZ_ID}`, params })));
    expect(out).toMatchObject({ status: 303, location: `/login?next=${encodeURIComponent(`/quizzes/${QUIZ_ID}`)}` });
  });

  it('404s for a quiz the learner cannot see', async () => {
    api.client.GET.mockResolvedValue(apiFail(404, 'NOT_FOUND', 'Not found'));
    expect(await thrown(() => call(startPage.load, fakeEvent({ url: `/quizzes/${QUIZ_ID}`, user, params })))).toMatchObject({ status: 404 });
  });

  it('starts an attempt and goes to its first question', async () => {
    api.client.POST.mockResolvedValue(apiOk(attemptFixture(), 201));
    const out = await thrown(() => call(startPage.actions.start, fakeEvent({ url: `/quizzes/${QUIZ_ID}?/start`, user, params, form: {} })));
    expect(api.client.POST).toHaveBeenCalledWith('/api/quizzes/{quizId}/attempts', { params: { path: { quizId: QUIZ_ID } } });
    expect(out).toMatchObject({ status: 303, location: `${base}/questions/1` });
  });

  it("says why an attempt cannot start, in the API's words", async () => {
    api.client.POST.mockResolvedValue(apiFail(409, 'NO_ATTEMPTS_LEFT', 'You have used all 3 attempts at this quiz.'));
    const out = (await call(startPage.actions.start, fakeEvent({ url: `/quizzes/${QUIZ_ID}?/start`, user, params, form: {} }))) as {
      status: number;
      data: { problem: string };
    };
    expect(out.status).toBe(409);
    expect(out.data.problem).toBe('You have used all 3 attempts at this quiz.');
  });

  const page = (quiz: ReturnType<typeof quizFixture>, form: unknown = null) =>
    renderHtml(StartPage, { data: { quiz, courseSlug: 'foundations', now: Date.parse('2026-12-02T10:00:00Z') }, form } as never);

  it('states the rules (questions, pass mark, time with extra time, attempts) and offers to start', () => {
    const out = page(quizFixture({ extraTimeSeconds: 900 }));
    expect(headingsInOrder(out)).toBe(true);
    const text = textOf(out);
    expect(text).toContain('7 questions');
    expect(text).toContain('70%');
    expect(text).toContain('30 minutes + 15 minutes extra time (45 minutes in all)');
    expect(text).toContain('3 attempts allowed: 0 used, 3 left');
    expect(findTags(out, 'form')[0]!.attrs.action).toBe('?/start');
    expect(text).toContain('Start the quiz');
    expect(findTags(out, 'a').some((a) => a.attrs.href === '/courses/foundations')).toBe(true);
  });

  it('continues an attempt in progress instead of starting one', () => {
    const out = page(quizFixture({ inProgressAttemptId: ATTEMPT_ID, attemptsUsed: 1, attemptsLeft: 2 }));
    expect(findTags(out, 'a').some((a) => a.attrs.href === `${base}/questions/1`)).toBe(true);
    expect(findTags(out, 'form')).toHaveLength(0);
  });

  it('says when the next attempt may start, when none are left, and when the quiz has closed', () => {
    const attempts = [
      { id: 'a1', number: 1, status: 'submitted' as const, startedAt: '2026-12-02T09:00:00Z', submittedAt: '2026-12-02T09:20:00Z', percent: 50, passed: false }
    ];
    const wait = page(
      quizFixture({
        attemptsUsed: 1,
        attemptsLeft: 2,
        waitSeconds: 3600,
        nextAttemptAt: '2026-12-02T10:20:00Z',
        attempts,
        grade: { percent: 50, passed: false }
      })
    );
    expect(textOf(wait)).toContain('You can start your next attempt from 2 Dec 2026, 10:20 UTC');
    expect(textOf(wait)).toMatch(/50%\s*: not passed yet \(the pass mark is 70%\)/);
    expect(textOf(wait)).toMatch(/Score 50%\s*: not passed\s*\./);
    expect(findTags(wait, 'a').some((a) => a.attrs.href === `/quizzes/${QUIZ_ID}/attempts/a1/review`)).toBe(true);
    expect(findTags(wait, 'form')).toHaveLength(0);
    expect(textOf(page(quizFixture({ attemptsUsed: 3, attemptsLeft: 0 })))).toContain('You have used all your attempts');
    expect(textOf(page(quizFixture({ closesAt: '2026-12-01T00:00:00Z' })))).toContain('This quiz closed on');
  });
});

describe('question pages', () => {
  it('load the attempt once for the layout, and send a submitted one to its review', async () => {
    api.client.GET.mockResolvedValue(apiOk(attemptFixture()));
    const data = (await call(takingLayout.load, fakeEvent({ url: `${base}/questions/1`, user, params }))) as { attempt: AttemptView; serverNow: number };
    expect(api.client.GET).toHaveBeenCalledWith('/api/attempts/{attemptId}', { params: { path: { attemptId: ATTEMPT_ID } } });
    expect(data.attempt.id).toBe(ATTEMPT_ID);
    api.client.GET.mockResolvedValue(apiOk(attemptFixture({ status: 'submitted' })));
    expect(await thrown(() => call(takingLayout.load, fakeEvent({ url: `${base}/questions/1`, user, params })))).toMatchObject({
      status: 303,
      location: `${base}/review`
    });
  });

  it("404 for another learner's attempt, or an attempt of another quiz than the address says", async () => {
    api.client.GET.mockResolvedValue(apiFail(404, 'NOT_FOUND', 'Not found'));
    expect(await thrown(() => call(takingLayout.load, fakeEvent({ url: `${base}/questions/1`, user, params })))).toMatchObject({ status: 404 });
    api.client.GET.mockResolvedValue(apiOk(attemptFixture({ quizId: 'another-quiz' })));
    expect(await thrown(() => call(takingLayout.load, fakeEvent({ url: `${base}/questions/1`, user, params })))).toMatchObject({ status: 404 });
  });

  const renderQuestion = (attempt: AttemptView, position: number, form: unknown = null) =>
    renderWithSession(QuestionPage, new AttemptSession(attempt), { data: { attempt, serverNow: Date.now(), position }, form });

  it('render every type with labelled controls, one question per page, in heading order', () => {
    const attempt = attemptFixture();
    const pages = ITEMS.map((item) => renderQuestion(attempt, item.position));
    for (const [index, out] of pages.entries()) {
      expect(headingsInOrder(out), ITEMS[index]!.type).toBe(true);
      expect(textOf(out)).toContain(`Question ${index + 1} of 7`);
      expect(out).toContain(`<legend class="question__prompt`);
      expect(textOf(out)).toContain(ITEMS[index]!.prompt);
      // The navigator lists every question, the current one marked.
      expect(findTags(out, 'button').filter((b) => b.attrs.form === 'question-form' && b.attrs.name === 'go')).toHaveLength(7);
      expect(findTags(out, 'button').filter((b) => b.attrs['aria-current'] === 'step')).toHaveLength(1);
    }
    const inputs = (out: string, type: string) => findTags(out, 'input').filter((i) => i.attrs.type === type && i.attrs.name === 'answer');
    expect(inputs(pages[0]!, 'radio').map((i) => i.attrs.value)).toEqual(['o1', 'o2', 'o3']);
    expect(inputs(pages[1]!, 'checkbox').map((i) => i.attrs.value)).toEqual(['m1', 'm2', 'm3']);
    expect(inputs(pages[2]!, 'radio').map((i) => i.attrs.value)).toEqual(['true', 'false']);
    expect(inputs(pages[3]!, 'text')[0]!.attrs.inputmode).toBe('decimal');
    expect(textOf(pages[3]!)).toContain('Your answer (studies)');
    expect(inputs(pages[4]!, 'text')[0]!.attrs.maxlength).toBe('500');
    const selects = findTags(pages[5]!, 'select');
    expect(selects.map((s) => s.attrs.name)).toEqual(['pair:l1', 'pair:l2']);
    for (const s of selects) expect(findTags(pages[5]!, 'label').some((l) => l.attrs.for === s.attrs.id)).toBe(true);
    const moves = findTags(pages[6]!, 'button').filter((b) => b.attrs.name === 'move');
    expect(moves.map((b) => b.attrs.value)).toEqual(['up:s1', 'down:s1', 'up:s2', 'down:s2', 'up:s3', 'down:s3', 'keep']);
    // The first item cannot move up, nor the last down.
    expect(moves[0]!.attrs.disabled).toBeDefined();
    expect(moves[5]!.attrs.disabled).toBeDefined();
    // Next comes first in the form, so Enter in a text field goes on, not back.
    const submits = findTags(pages[3]!, 'button').filter((b) => b.attrs.name === 'go' && !b.attrs.form);
    expect(submits.map((b) => b.attrs.value)).toEqual(['next', 'previous', 'summary']);
    expect(findTags(pages[6]!, 'button').filter((b) => b.attrs.name === 'go' && !b.attrs.form)[0]!.attrs.value).toBe('summary');
  });

  it('show the saved answers and flags again', () => {
    const attempt = attemptFixture();
    attempt.items[0]!.answer = { optionId: 'o2' };
    attempt.items[0]!.flagged = true;
    attempt.items[3]!.answer = { value: 28 };
    attempt.items[5]!.answer = { pairs: { l2: 'r2' } };
    attempt.items[6]!.answer = { order: ['s3', 's1', 's2'] };
    const single = renderQuestion(attempt, 1);
    expect(findTags(single, 'input').find((i) => i.attrs.value === 'o2')!.attrs.checked).toBeDefined();
    expect(findTags(single, 'input').find((i) => i.attrs.name === 'flagged')!.attrs.checked).toBeDefined();
    expect(textOf(single)).toContain('Question 1, answered, flagged');
    expect(textOf(single)).toContain('Question 2, not answered');
    expect(findTags(renderQuestion(attempt, 4), 'input').find((i) => i.attrs.name === 'answer')!.attrs.value).toBe('28');
    expect(renderQuestion(attempt, 6)).toMatch(/<option value="r2" selected/);
    const ordering = renderQuestion(attempt, 7);
    expect(
      findTags(ordering, 'input')
        .filter((i) => i.attrs.name === 'order')
        .map((i) => i.attrs.value)
    ).toEqual(['s3', 's1', 's2']);
  });

  it('never render review fields, even if an attempt in progress carried them', () => {
    const attempt = attemptFixture();
    for (const item of attempt.items) {
      item.review = {
        correct: true,
        score: 1,
        maxScore: 1,
        correctAnswer: { text: 'KEY-ANSWER-TEXT' },
        feedback: 'KEY-FEEDBACK-TEXT',
        optionFeedback: { o1: 'KEY-OPTION-FEEDBACK' }
      };
    }
    for (const item of ITEMS) {
      const out = renderQuestion(attempt, item.position);
      expect(out).not.toMatch(/KEY-|correct/i);
    }
  });

  it('show a number that could not be read as typed, with the reason beside it', () => {
    const out = renderQuestion(attemptFixture(), 4, { form: 'question', errors: { answer: 'Enter a number, like 12 or 12.5' }, values: { answer: 'twelve' } });
    expect(textOf(out)).toContain('Error: Enter a number, like 12 or 12.5');
    const input = findTags(out, 'input').find((i) => i.attrs.name === 'answer')!;
    expect(input.attrs.value).toBe('twelve');
    expect(input.attrs['aria-invalid']).toBe('true');
  });
});

describe('saving a question without JavaScript', () => {
  it('saves the answer and flag with the version shown, then goes to the next question', async () => {
    api.client.GET.mockResolvedValue(apiOk(attemptFixture()));
    api.client.PUT.mockResolvedValue(apiOk({ version: 4, savedAt: '2026-12-02T09:41:00Z', items: [] }));
    const event = post(`${base}/questions/1?/save`, [
      ['version', '3'],
      ['answer', 'o2'],
      ['flagged', 'on'],
      ['go', 'next']
    ]);
    expect(await thrown(() => call(questionActions.save, event))).toMatchObject({ status: 303, location: `${base}/questions/2` });
    expect(api.client.PUT).toHaveBeenCalledWith('/api/attempts/{attemptId}/answers', {
      params: { path: { attemptId: ATTEMPT_ID } },
      body: { version: 3, answers: [{ itemId: 'item-1', value: { optionId: 'o2' } }], flags: [{ itemId: 'item-1', flagged: true }] }
    });
  });

  it('on a version conflict reads the attempt again and saves this answer on top of it', async () => {
    api.client.GET.mockResolvedValueOnce(apiOk(attemptFixture())).mockResolvedValueOnce(apiOk(attemptFixture({ version: 9 })));
    api.client.PUT.mockResolvedValueOnce(apiFail(409, 'ATTEMPT_VERSION_CONFLICT', 'Stale', { currentVersion: 9 })).mockResolvedValueOnce(
      apiOk({ version: 10, savedAt: '', items: [] })
    );
    const event = post(
      `${base}/questions/2?/save`,
      [
        ['version', '3'],
        ['answer', 'm1'],
        ['answer', 'm3'],
        ['go', 'summary']
      ],
      '2'
    );
    expect(await thrown(() => call(questionActions.save, event))).toMatchObject({ status: 303, location: `${base}/summary` });
    expect(api.client.PUT.mock.calls.map((c) => (c[1] as { body: { version: number } }).body.version)).toEqual([3, 9]);
    expect((api.client.PUT.mock.calls[1]![1] as { body: unknown }).body).toMatchObject({ answers: [{ itemId: 'item-2', value: { optionIds: ['m1', 'm3'] } }] });
  });

  it('refuses what is not a number with the reason and what was typed, saving nothing', async () => {
    api.client.GET.mockResolvedValue(apiOk(attemptFixture()));
    const out = (await call(
      questionActions.save,
      post(
        `${base}/questions/4?/save`,
        [
          ['answer', 'twelve'],
          ['go', 'next']
        ],
        '4'
      )
    )) as {
      status: number;
      data: { errors: Record<string, string>; values: Record<string, string> };
    };
    expect(out.status).toBe(400);
    expect(out.data.errors.answer).toBe('Enter a number, like 12 or 12.5');
    expect(out.data.values.answer).toBe('twelve');
    expect(api.client.PUT).not.toHaveBeenCalled();
  });

  it('keeps what was chosen when the API is down, and says so', async () => {
    api.client.GET.mockResolvedValue(apiOk(attemptFixture()));
    api.client.PUT.mockRejectedValue(new TypeError('fetch failed'));
    const out = (await call(
      questionActions.save,
      post(`${base}/questions/1?/save`, [
        ['answer', 'o3'],
        ['go', 'next']
      ])
    )) as {
      status: number;
      data: { problem: string; answer: unknown };
    };
    expect(out.status).toBe(503);
    expect(out.data.answer).toEqual({ optionId: 'o3' });
    expect(out.data.problem).toContain('not reachable');
  });

  it('sends nothing when nothing changed', async () => {
    const attempt = attemptFixture();
    attempt.items[2]!.answer = { value: true };
    api.client.GET.mockResolvedValue(apiOk(attempt));
    const out = await thrown(() =>
      call(
        questionActions.save,
        post(
          `${base}/questions/3?/save`,
          [
            ['answer', 'true'],
            ['go', 'previous']
          ],
          '3'
        )
      )
    );
    expect(out).toMatchObject({ location: `${base}/questions/2` });
    expect(api.client.PUT).not.toHaveBeenCalled();
  });

  it('moves an ordering item one place per post and comes back to it', async () => {
    api.client.GET.mockResolvedValue(apiOk(attemptFixture()));
    api.client.PUT.mockResolvedValue(apiOk({ version: 4, savedAt: '', items: [] }));
    const out = await thrown(() =>
      call(
        questionActions.save,
        post(
          `${base}/questions/7?/save`,
          [
            ['version', '3'],
            ['move', 'up:s3']
          ],
          '7'
        )
      )
    );
    expect(out).toMatchObject({ location: `${base}/questions/7#move-s3` });
    expect((api.client.PUT.mock.calls[0]![1] as { body: unknown }).body).toMatchObject({
      answers: [{ itemId: 'item-7', value: { order: ['s1', 's3', 's2'] } }]
    });
  });

  it('goes to the review when the attempt closed meanwhile', async () => {
    api.client.GET.mockResolvedValue(apiOk(attemptFixture()));
    api.client.PUT.mockResolvedValue(apiFail(409, 'ATTEMPT_CLOSED', 'The time limit has passed.'));
    const out = await thrown(() =>
      call(
        questionActions.save,
        post(`${base}/questions/1?/save`, [
          ['answer', 'o1'],
          ['go', 'next']
        ])
      )
    );
    expect(out).toMatchObject({ status: 303, location: `${base}/review` });
  });
});

describe('autosave endpoint', () => {
  const put = (body: string, init: { user?: typeof user | null; type?: string } = {}) => {
    const event = fakeEvent({ url: `${base}/answers`, user: init.user === undefined ? user : init.user, params });
    return {
      ...event,
      request: new Request(event.url, { method: 'PUT', body, headers: { 'content-type': init.type ?? 'application/json' } })
    };
  };

  it('refuses without a session, without JSON, or without the shape of a save', async () => {
    expect(((await call(answersEndpoint.PUT, put('{}', { user: null }))) as Response).status).toBe(401);
    expect(((await call(answersEndpoint.PUT, put('version=1', { type: 'application/x-www-form-urlencoded' }))) as Response).status).toBe(415);
    expect(((await call(answersEndpoint.PUT, put('{nope'))) as Response).status).toBe(400);
    expect(((await call(answersEndpoint.PUT, put(JSON.stringify({ answers: [] })))) as Response).status).toBe(400);
    expect(api.client.PUT).not.toHaveBeenCalled();
  });

  it('forwards a save and answers the new version', async () => {
    api.client.PUT.mockResolvedValue(apiOk({ version: 4, savedAt: '2026-12-02T09:41:00Z', items: [{ itemId: 'item-1', answered: true, flagged: false }] }));
    const body = { version: 3, answers: [{ itemId: 'item-1', value: { optionId: 'o1' } }] };
    const response = (await call(answersEndpoint.PUT, put(JSON.stringify(body)))) as Response;
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ version: 4 });
    expect(api.client.PUT).toHaveBeenCalledWith('/api/attempts/{attemptId}/answers', { params: { path: { attemptId: ATTEMPT_ID } }, body });
  });

  it("passes on the API's code, so the page can tell a conflict from a closed attempt", async () => {
    api.client.PUT.mockResolvedValue(apiFail(409, 'ATTEMPT_VERSION_CONFLICT', 'Stale version', { currentVersion: 5 }));
    const response = (await call(answersEndpoint.PUT, put(JSON.stringify({ version: 3, answers: [] })))) as Response;
    expect(response.status).toBe(409);
    expect(await response.json()).toMatchObject({ code: 'ATTEMPT_VERSION_CONFLICT' });
  });

  it("reads the learner's own attempt of this quiz only", async () => {
    api.client.GET.mockResolvedValue(apiOk(attemptFixture({ quizId: 'another' })));
    const response = (await call(answersEndpoint.GET, fakeEvent({ url: `${base}/answers`, user, params }))) as Response;
    expect(response.status).toBe(404);
  });
});

describe('summary and submit', () => {
  it('counts answered, unanswered and flagged questions and links each', () => {
    const attempt = attemptFixture();
    attempt.items[0]!.answer = { optionId: 'o1' };
    attempt.items[4]!.answer = { text: 'debt bondage' };
    attempt.items[4]!.flagged = true;
    const out = renderWithSession(SummaryPage, new AttemptSession(attempt), { data: { attempt, serverNow: 0 }, form: null });
    expect(headingsInOrder(out)).toBe(true);
    const text = textOf(out);
    expect(text).toContain('Answered 2 of 7');
    expect(text).toContain('Not answered 5');
    expect(text).toMatch(/Flagged for review:\s*question 5\s*\./);
    expect(text).toContain('You have 5 questions not answered.');
    expect(findTags(out, 'form')[0]!.attrs.action).toBe('?/submit');
    expect(findTags(out, 'a').filter((a) => a.attrs.href === `${base}/questions/5`).length).toBeGreaterThan(0);
  });

  it('submits and goes to the review; says so when it could not', async () => {
    api.client.POST.mockResolvedValue(apiOk(attemptFixture({ status: 'submitted' })));
    const event = fakeEvent({ url: `${base}/summary?/submit`, user, params, form: {} });
    expect(await thrown(() => call(summaryActions.submit, event))).toMatchObject({ status: 303, location: `${base}/review` });
    expect(api.client.POST).toHaveBeenCalledWith('/api/attempts/{attemptId}/submit', { params: { path: { attemptId: ATTEMPT_ID } } });
    api.client.POST.mockResolvedValue(apiFail(503, 'SERVICE_UNAVAILABLE', 'Try again in a moment.'));
    const out = (await call(summaryActions.submit, fakeEvent({ url: `${base}/summary?/submit`, user, params, form: {} }))) as {
      status: number;
      data: { problem: string };
    };
    expect(out.status).toBe(503);
    expect(out.data.problem).toBe('Try again in a moment.');
  });
});

describe('review', () => {
  const submitted = (shown: { score: boolean; correctness: boolean; correctAnswers: boolean; feedback: boolean }) => {
    const attempt = attemptFixture({
      status: 'submitted',
      submittedAt: '2026-12-02T09:30:00Z',
      result: {
        closedBy: 'learner',
        score: shown.score ? 5.5 : null,
        maxScore: 7,
        percent: shown.score ? 78.6 : null,
        passed: shown.score ? true : null,
        shown
      }
    });
    attempt.items[0]!.answer = { optionId: 'o1' };
    attempt.items[0]!.review = {
      correct: shown.correctness ? false : null,
      score: shown.score ? 0 : null,
      maxScore: 1,
      ...(shown.correctAnswers ? { correctAnswer: { optionId: 'o2' } } : {}),
      ...(shown.feedback ? { feedback: 'The ILO estimate for 2021 is 27.6 million.', optionFeedback: { o1: 'That is the figure for children.' } } : {})
    };
    return attempt;
  };

  it('sends an attempt still in progress to its summary', async () => {
    api.client.GET.mockResolvedValue(apiOk(attemptFixture()));
    expect(await thrown(() => call(reviewPage.load, fakeEvent({ url: `${base}/review`, user, params })))).toMatchObject({ location: `${base}/summary` });
  });

  it('shows the score, correctness, correct answer and feedback when the API returns them', () => {
    const out = renderHtml(ReviewPage, { data: { attempt: submitted({ score: true, correctness: true, correctAnswers: true, feedback: true }) } } as never);
    expect(headingsInOrder(out)).toBe(true);
    const text = textOf(out);
    expect(text).toContain('You passed');
    expect(text).toMatch(/Your score: 78\.6%\s*\(5\.5 points of 7 points\)/);
    expect(text).toContain('Your answer 4 million');
    expect(text).toContain('Marked Not correct (0 points of 1 point)');
    expect(text).toContain('Correct answer 27.6 million');
    expect(text).toContain('Feedback The ILO estimate for 2021 is 27.6 million.');
    expect(text).toContain('4 million: That is the figure for children.');
  });

  it('shows only the learner’s answers when the policy holds the rest back', () => {
    const out = renderHtml(ReviewPage, { data: { attempt: submitted({ score: false, correctness: false, correctAnswers: false, feedback: false }) } } as never);
    const text = textOf(out);
    expect(text).toContain('Your score is not shown yet.');
    expect(text).toContain('Your answer 4 million');
    expect(text).not.toMatch(/Correct answer|Marked|Feedback|27\.6 million|passed/);
  });

  it('offers the way back to the course and to My learning, saying the module is complete once the quiz is passed', async () => {
    const enrolment = dashboardCourse({
      modules: [
        {
          slug: 'm1',
          title: 'Ending forced labour by 2030',
          complete: true,
          lessonsCompleted: 2,
          lessonsRequired: 2,
          quiz: { quizId: QUIZ_ID, gradePercent: 100, passed: true, attemptsUsed: 1 }
        }
      ]
    });
    const attempt = submitted({ score: true, correctness: true, correctAnswers: true, feedback: true });
    api.client.GET.mockImplementation(async (path: string) => (path === '/api/me/progress' ? apiOk(myProgress({ courses: [enrolment] })) : apiOk(attempt)));
    const data = (await call(reviewPage.load, fakeEvent({ url: `${base}/review`, user, params }))) as Record<string, unknown>;
    expect(data.wayBack).toEqual({
      courseSlug: 'foundations',
      courseTitle: 'Foundations',
      moduleTitle: 'Ending forced labour by 2030',
      moduleComplete: true,
      coursePercent: 40
    });
    const out = renderHtml(ReviewPage, { data } as never);
    expect(textOf(out)).toContain('Module complete: Ending forced labour by 2030.');
    const links = findTags(out, 'a').map((a) => a.attrs.href);
    expect(links).toContain('/courses/foundations');
    expect(links).toContain('/learning');
    expect(headingsInOrder(out)).toBe(true);
  });

  it('still shows the result, with the way back to the quiz only, when the course cannot be found', async () => {
    const attempt = submitted({ score: true, correctness: true, correctAnswers: true, feedback: true });
    api.client.GET.mockImplementation(async (path: string) => (path === '/api/me/progress' ? apiFail(503, 'SERVICE_UNAVAILABLE', 'down') : apiOk(attempt)));
    const data = (await call(reviewPage.load, fakeEvent({ url: `${base}/review`, user, params }))) as Record<string, unknown>;
    expect(data.wayBack).toBeNull();
    const out = renderHtml(ReviewPage, { data } as never);
    expect(findTags(out, 'a').some((a) => a.attrs.href === '/learning')).toBe(false);
    expect(textOf(out)).toContain('Back to the quiz');
  });
});
