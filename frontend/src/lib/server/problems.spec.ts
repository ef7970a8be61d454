import { describe, expect, it } from 'vitest';
import { fakeEvent, thrown } from '#lib/event-test-helpers.js';
import { callApi, problemOf, type ApiProblem } from './api-result';
import {
  endpointProblem,
  formAnswer,
  formFailure,
  isInvalidInput,
  kindOf,
  pageError,
  pageStatus,
  PROBLEM_KINDS,
  sectionProblem,
  STALE_PAGE,
  type ProblemKind
} from './problems';

/** An API answer in its error shape, read the way every page reads it. */
function apiProblem(status: number, code: string, message = `${code} message`, details?: Record<string, unknown>, headers?: Record<string, string>) {
  return problemOf({ statusCode: status, code, message, details, requestId: 'req-1' }, new Response(null, { status, headers }));
}

/** What callApi makes of a fetch that threw (the API process is down). */
async function apiDown(): Promise<ApiProblem> {
  const outcome = await callApi(async () => {
    throw new TypeError('fetch failed');
  });
  if (outcome.ok) throw new Error('expected a problem');
  return outcome.problem;
}

const validation = (fields: Record<string, string[]>) =>
  apiProblem(400, 'VALIDATION_FAILED', 'Validation failed', { fields: Object.entries(fields).map(([field, reasons]) => ({ field, reasons })) });

const page = (url: string) => fakeEvent({ url });

describe('kindOf: what a problem means, by its code', () => {
  // Written out rather than read from PROBLEM_KINDS, so a wrong line there fails here.
  const cases: [number, string, ProblemKind][] = [
    [400, 'BAD_REQUEST', 'bad-request'],
    [400, 'VALIDATION_FAILED', 'validation'],
    [401, 'UNAUTHENTICATED', 'signed-out'],
    [403, 'FORBIDDEN', 'forbidden'],
    [404, 'NOT_FOUND', 'not-found'],
    [405, 'METHOD_NOT_ALLOWED', 'other'],
    [409, 'CONFLICT', 'conflict'],
    [412, 'PRECONDITION_FAILED', 'edited-meanwhile'],
    [413, 'PAYLOAD_TOO_LARGE', 'too-large'],
    [415, 'UNSUPPORTED_MEDIA_TYPE', 'unsupported-media'],
    [422, 'RULE_VIOLATION', 'rule-broken'],
    [429, 'RATE_LIMITED', 'rate-limited'],
    [503, 'SERVICE_UNAVAILABLE', 'unavailable'],
    [500, 'INTERNAL_ERROR', 'unavailable'],
    [403, 'EMAIL_NOT_VERIFIED', 'email-not-verified'],
    [422, 'SOLE_ORGANISATION_ADMIN', 'rule-broken'],
    [422, 'LAST_ORG_ADMIN', 'rule-broken'],
    [422, 'CONTENT_MANAGED_BY_FILES', 'rule-broken'],
    [422, 'MARKDOWN_REFUSED', 'markdown-refused'],
    [413, 'STORAGE_QUOTA_EXCEEDED', 'quota-exceeded'],
    [422, 'COURSE_NOT_PUBLISHED', 'rule-broken'],
    [409, 'ATTEMPT_CLOSED', 'rule-broken'],
    [409, 'ATTEMPT_VERSION_CONFLICT', 'edited-meanwhile'],
    [409, 'NO_ATTEMPTS_LEFT', 'rule-broken'],
    [409, 'ATTEMPT_WAIT', 'rule-broken'],
    [409, 'QUIZ_CLOSED', 'rule-broken'],
    [409, 'QUIZ_VERSION_CONFLICT', 'edited-meanwhile'],
    [409, 'NOT_ENROLLED', 'rule-broken'],
    [409, 'RETAKE_NOT_ALLOWED', 'rule-broken'],
    [409, 'SEAT_LIMIT_REACHED', 'rule-broken'],
    [409, 'COHORT_NAME_TAKEN', 'conflict'],
    [409, 'COHORT_ARCHIVED', 'rule-broken'],
    [409, 'COURSE_ALREADY_ASSIGNED', 'conflict'],
    [409, 'CERTIFICATE_ALREADY_REVOKED', 'conflict'],
    [410, 'CERTIFICATE_WITHDRAWN', 'not-found'],
    [429, 'REMINDER_ALREADY_SENT_TODAY', 'rate-limited'],
    [422, 'REPORT_TOO_LARGE_FOR_PDF', 'rule-broken']
  ];

  it.each(cases)('%i %s is %s', (status, code, kind) => {
    expect(kindOf(apiProblem(status, code))).toBe(kind);
  });

  it('lists every code the API sends, with the status the API gives it', () => {
    expect(Object.fromEntries(Object.entries(PROBLEM_KINDS).map(([code, { status }]) => [code, status]))).toEqual(
      Object.fromEntries(cases.map(([status, code]) => [code, status]))
    );
  });

  it('tells codes with the same status apart (413: too large, or over the storage quota)', () => {
    expect(kindOf(apiProblem(413, 'PAYLOAD_TOO_LARGE'))).not.toBe(kindOf(apiProblem(413, 'STORAGE_QUOTA_EXCEEDED')));
  });

  it('reads an unverified address from its code, EMAIL_NOT_VERIFIED, not from a 403 and its details', () => {
    expect(kindOf(apiProblem(403, 'EMAIL_NOT_VERIFIED', 'Confirm first', { reason: 'email_not_verified' }))).toBe('email-not-verified');
    expect(kindOf(apiProblem(403, 'FORBIDDEN', 'Confirm first', { reason: 'email_not_verified' }))).toBe('forbidden');
    expect(kindOf(apiProblem(403, 'FORBIDDEN', 'Account locked', { reason: 'locked' }))).toBe('forbidden');
  });

  it('reads refused Markdown from its code, MARKDOWN_REFUSED, whichever field it names', () => {
    const refused = (code: string, field: string) => apiProblem(422, code, 'too complex', { fields: [{ field, reasons: ['too complex'] }] });
    expect(kindOf(refused('MARKDOWN_REFUSED', 'bodyMarkdown'))).toBe('markdown-refused');
    expect(kindOf(refused('MARKDOWN_REFUSED', 'markdown'))).toBe('markdown-refused');
    expect(kindOf(refused('RULE_VIOLATION', 'bodyMarkdown'))).toBe('rule-broken');
    expect(kindOf(apiProblem(422, 'CONTENT_MANAGED_BY_FILES', 'imported from backend/content'))).toBe('rule-broken');
  });

  it('reads a code it does not know yet (a newer API) by its status', () => {
    expect(kindOf(apiProblem(422, 'SEAT_LIMIT_REACHED'))).toBe('rule-broken');
    expect(kindOf(apiProblem(403, 'COHORT_CLOSED'))).toBe('forbidden');
    expect(kindOf(apiProblem(404, 'ENROLMENT_NOT_FOUND'))).toBe('not-found');
    expect(kindOf(apiProblem(400, 'SOMETHING_NEW'))).toBe('bad-request');
    expect(kindOf(apiProblem(418, 'TEAPOT'))).toBe('other');
    expect(kindOf(apiProblem(507, 'INSUFFICIENT_STORAGE'))).toBe('unavailable');
  });

  it('trusts the status over a code that does not belong to it (a body not in the API shape)', () => {
    expect(kindOf(problemOf('<html>Unauthorized</html>', new Response(null, { status: 401 })))).toBe('signed-out');
    expect(kindOf(problemOf('<html>Bad gateway</html>', new Response(null, { status: 502 })))).toBe('unavailable');
    expect(kindOf(problemOf(null, new Response(null, { status: 429 })))).toBe('rate-limited');
    expect(kindOf(apiProblem(404, 'CONFLICT'))).toBe('not-found');
  });

  it('counts the API being down as unavailable', async () => {
    expect(kindOf(await apiDown())).toBe('unavailable');
  });

  it('counts both kinds of 400 as refused input, and nothing else', () => {
    expect(isInvalidInput(apiProblem(400, 'BAD_REQUEST'))).toBe(true);
    expect(isInvalidInput(validation({ cursor: ['cursor is not valid'] }))).toBe(true);
    expect(isInvalidInput(apiProblem(404, 'NOT_FOUND'))).toBe(false);
    expect(isInvalidInput(apiProblem(422, 'RULE_VIOLATION'))).toBe(false);
  });
});

describe('pageStatus', () => {
  it('is 503 for any 5xx and for the API being down, and the API status otherwise', async () => {
    expect(pageStatus(apiProblem(500, 'INTERNAL_ERROR'))).toBe(503);
    expect(pageStatus(apiProblem(503, 'SERVICE_UNAVAILABLE'))).toBe(503);
    expect(pageStatus(problemOf('<html>Bad gateway</html>', new Response(null, { status: 502 })))).toBe(503);
    expect(pageStatus(problemOf(null, new Response(null, { status: 504 })))).toBe(503);
    expect(pageStatus(await apiDown())).toBe(503);
    for (const [status, code] of [
      [400, 'BAD_REQUEST'],
      [403, 'FORBIDDEN'],
      [404, 'NOT_FOUND'],
      [409, 'CONFLICT'],
      [412, 'PRECONDITION_FAILED'],
      [422, 'RULE_VIOLATION'],
      [429, 'RATE_LIMITED']
    ] as const) {
      expect(pageStatus(apiProblem(status, code))).toBe(status);
    }
  });
});

describe('pageError: a load function with nothing to show', () => {
  it('sends a session that ended to sign in, coming back to the page and its query', async () => {
    expect(await thrown(() => pageError(apiProblem(401, 'UNAUTHENTICATED'), page('/organisations/o-1?q=bo')))).toEqual({
      status: 303,
      location: `/login?next=${encodeURIComponent('/organisations/o-1?q=bo')}`
    });
  });

  it('comes back to returnTo when given', async () => {
    expect(await thrown(() => pageError(apiProblem(401, 'UNAUTHENTICATED'), page('/account/export'), { returnTo: '/account' }))).toMatchObject({
      status: 303,
      location: '/login?next=%2Faccount'
    });
  });

  it('answers 404 with the page’s words for a missing thing, or the API’s without them', async () => {
    expect(await thrown(() => pageError(apiProblem(404, 'NOT_FOUND', 'No such course'), page('/courses/x'), { notFound: 'Course not found' }))).toMatchObject({
      status: 404,
      body: { message: 'Course not found' }
    });
    expect(await thrown(() => pageError(apiProblem(404, 'NOT_FOUND', 'No such course'), page('/courses/x')))).toMatchObject({
      status: 404,
      body: { message: 'No such course' }
    });
  });

  it('counts refused input in the address (a malformed slug or id) as not found when the page says what is missing', async () => {
    for (const problem of [apiProblem(400, 'BAD_REQUEST'), validation({ slug: ['slug must match'] })]) {
      expect(await thrown(() => pageError(problem, page('/library/BAD'), { notFound: 'Publication not found' }))).toMatchObject({
        status: 404,
        body: { message: 'Publication not found' }
      });
    }
    expect(await thrown(() => pageError(apiProblem(400, 'BAD_REQUEST', 'Bad cursor'), page('/courses')))).toMatchObject({
      status: 400,
      body: { message: 'Bad cursor' }
    });
  });

  it('answers 403 with the API’s reason', async () => {
    expect(await thrown(() => pageError(apiProblem(403, 'FORBIDDEN', 'Only org admins'), page('/x'), { notFound: 'Not found' }))).toMatchObject({
      status: 403,
      body: { message: 'Only org admins' }
    });
  });

  it('says how long to wait when rate limited', async () => {
    const problem = apiProblem(429, 'RATE_LIMITED', 'Too many requests', undefined, { 'retry-after': '90' });
    expect(await thrown(() => pageError(problem, page('/x')))).toMatchObject({
      status: 429,
      body: { message: 'Too many attempts. Wait 2 minutes, then try again.' }
    });
  });

  it('answers 503 for any 5xx and for the API being down', async () => {
    expect(await thrown(() => pageError(apiProblem(500, 'INTERNAL_ERROR', 'Internal server error'), page('/x')))).toMatchObject({
      status: 503,
      body: { message: 'Internal server error' }
    });
    const down = await thrown(async () => pageError(await apiDown(), page('/x'), { notFound: 'Not found' }));
    expect(down).toMatchObject({ status: 503 });
    expect(down.body?.message).toMatch(/not reachable/);
  });

  it('passes any other refusal on with its status and message', async () => {
    expect(await thrown(() => pageError(apiProblem(409, 'CONFLICT', 'Taken'), page('/x')))).toMatchObject({ status: 409, body: { message: 'Taken' } });
    expect(await thrown(() => pageError(apiProblem(422, 'LAST_ORG_ADMIN', 'Needs an admin'), page('/x')))).toMatchObject({
      status: 422,
      body: { message: 'Needs an admin' }
    });
  });
});

describe('sectionProblem: a part of a page that could not be read', () => {
  it('says a stale cursor is no longer available, in the page’s words when given', () => {
    expect(sectionProblem(apiProblem(400, 'BAD_REQUEST', 'cursor is not valid'), page('/x?cursor=zz'))).toBe(STALE_PAGE);
    expect(sectionProblem(validation({ cursor: ['bad'] }), page('/x'), { stale: 'Start again from the newest events.' })).toBe(
      'Start again from the newest events.'
    );
  });

  it('sends a session that ended to sign in', async () => {
    expect(await thrown(() => sectionProblem(apiProblem(401, 'UNAUTHENTICATED'), page('/authoring?q=x')))).toMatchObject({
      status: 303,
      location: `/login?next=${encodeURIComponent('/authoring?q=x')}`
    });
  });

  it('says how long to wait, or the API’s message', async () => {
    expect(sectionProblem(apiProblem(429, 'RATE_LIMITED', 'Slow down', undefined, { 'retry-after': '60' }), page('/x'))).toBe(
      'Too many attempts. Wait 1 minute, then try again.'
    );
    expect(sectionProblem(apiProblem(403, 'FORBIDDEN', 'Admins only'), page('/x'))).toBe('Admins only');
    expect(sectionProblem(await apiDown(), page('/x'))).toMatch(/not reachable/);
  });
});

describe('formFailure: what a form action returns', () => {
  const action = (path = '/account?/profile') => fakeEvent({ url: path, form: {} });
  const fields = { email: { label: 'Email address', missing: 'Enter your email address' } };

  it('keeps what the form answers whatever went wrong, and adds the API’s message at the top', () => {
    expect(formFailure(apiProblem(403, 'FORBIDDEN', 'Not yours'), action(), { form: 'profile', values: { name: 'Ana' } })).toEqual({
      status: 403,
      data: { form: 'profile', values: { name: 'Ana' }, problem: 'Not yours' }
    });
  });

  it('puts field refusals beside their fields, and fields the form does not show at the top', () => {
    const problem = validation({ email: ['email must be an email address'], other: ['other is wrong'] });
    expect(formFailure(problem, action(), { values: { email: 'x' } }, { fields })).toEqual({
      status: 400,
      data: {
        values: { email: 'x' },
        errors: { email: 'Enter an email address in the correct format, like name@example.org' },
        problem: 'other is wrong'
      }
    });
  });

  it('says a refusal without fields at the top, even when the form has fields', () => {
    expect(formFailure(apiProblem(400, 'BAD_REQUEST', 'Malformed JSON'), action(), {}, { fields })).toEqual({
      status: 400,
      data: { problem: 'Malformed JSON' }
    });
  });

  it('says how long to wait when rate limited, from Retry-After', () => {
    const problem = apiProblem(429, 'RATE_LIMITED', 'Too many requests', undefined, { 'retry-after': '840' });
    expect(formFailure(problem, action(), { values: { email: 'a@b.c' } })).toEqual({
      status: 429,
      data: { values: { email: 'a@b.c' }, problem: 'Too many attempts. Wait 14 minutes, then try again.' }
    });
  });

  it('answers 503 for any 5xx and for the API being down, keeping what was typed', async () => {
    expect(formFailure(apiProblem(500, 'INTERNAL_ERROR', 'Internal server error'), action(), { values: { a: '1' } })).toEqual({
      status: 503,
      data: { values: { a: '1' }, problem: 'Internal server error' }
    });
    const down = formFailure(await apiDown(), action(), { values: { a: '1' } });
    expect(down.status).toBe(503);
    expect(down.data).toMatchObject({ values: { a: '1' }, problem: expect.stringMatching(/not reachable/) });
  });

  it('sends a session that ended to sign in, back to the page rather than the post', async () => {
    expect(await thrown(() => formFailure(apiProblem(401, 'UNAUTHENTICATED'), action('/organisations/o-1?/invite'), {}))).toEqual({
      status: 303,
      location: `/login?next=${encodeURIComponent('/organisations/o-1')}`
    });
    expect(
      await thrown(() =>
        formFailure(apiProblem(401, 'UNAUTHENTICATED'), action('/invitations/accept?/accept'), {}, { returnTo: '/invitations/accept?token=t' })
      )
    ).toMatchObject({ location: `/login?next=${encodeURIComponent('/invitations/accept?token=t')}` });
  });

  it('lets a form answer a kind itself, with the API’s status (sign-in: a 401 is a wrong password)', () => {
    const result = formFailure<{ values?: Record<string, string>; problem?: string; notVerified?: boolean }>(
      apiProblem(401, 'UNAUTHENTICATED', 'Email or password is incorrect'),
      action('/login'),
      { values: { email: 'a@b.c' } },
      { on: { 'signed-out': (problem) => ({ problem: problem.message }) } }
    );
    expect(result).toEqual({ status: 401, data: { values: { email: 'a@b.c' }, problem: 'Email or password is incorrect' } });
  });

  it('uses the form’s own answer for a kind before the default, and `otherwise` for the rest', () => {
    const options = {
      on: { conflict: (problem: ApiProblem) => ({ errors: { slug: problem.message } }) },
      otherwise: (problem: ApiProblem) => ({ errors: { file: problem.message } })
    };
    expect(formFailure(apiProblem(409, 'CONFLICT', 'Slug taken'), action(), { form: 'lesson' }, options)).toEqual({
      status: 409,
      data: { form: 'lesson', errors: { slug: 'Slug taken' } }
    });
    expect(formFailure(apiProblem(415, 'UNSUPPORTED_MEDIA_TYPE', 'Not an image'), action(), { form: 'lesson' }, options)).toEqual({
      status: 415,
      data: { form: 'lesson', errors: { file: 'Not an image' } }
    });
  });

  it('lets a form answer with a redirect or an error page instead', async () => {
    const problem = apiProblem(404, 'NOT_FOUND', 'No such course');
    const notFound = () => {
      throw Object.assign(new Error('not found'), { status: 404 });
    };
    expect(await thrown(() => formFailure(problem, action(), {}, { on: { 'not-found': notFound } }))).toMatchObject({ status: 404 });
  });

  it('formAnswer is the same answer without the status', () => {
    expect(formAnswer(validation({ email: ['email should not be empty'] }), { fields })).toEqual({
      errors: { email: 'Enter your email address' },
      problem: undefined
    });
    expect(formAnswer(validation({ email: ['email should not be empty'] }))).toEqual({ problem: 'Validation failed' });
  });
});

describe('endpointProblem: a JSON endpoint', () => {
  it('answers { message } with the page status', async () => {
    const down = endpointProblem(apiProblem(500, 'INTERNAL_ERROR', 'Internal server error'));
    expect(down.status).toBe(503);
    expect(await down.json()).toEqual({ message: 'Internal server error' });
    const limited = endpointProblem(apiProblem(429, 'RATE_LIMITED', 'Slow down', undefined, { 'retry-after': '30' }));
    expect(limited.status).toBe(429);
    expect(await limited.json()).toEqual({ message: 'Too many attempts. Wait 1 minute, then try again.' });
    const refused = endpointProblem(apiProblem(422, 'RULE_VIOLATION', 'markdown: too complex'));
    expect(refused.status).toBe(422);
    expect(await refused.json()).toEqual({ message: 'markdown: too complex' });
  });
});
