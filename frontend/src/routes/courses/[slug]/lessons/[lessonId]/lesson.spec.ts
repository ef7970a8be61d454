import { beforeEach, describe, expect, it, vi } from 'vitest';
import { findTags, findTagWith, headingsInOrder, renderHtml, textOf, textOfId } from '#lib/test-helpers.js';

const api = vi.hoisted(() => ({ GET: vi.fn(), PUT: vi.fn(), POST: vi.fn(), createApiClient: vi.fn() }));
vi.mock('#lib/server/api.js', () => ({ createApiClient: api.createApiClient }));

const { actions, load } = await import('./+page.server');
const { default: LessonPage } = await import('./+page.svelte');

type LoadEvent = Parameters<typeof load>[0];
const LESSON_ID = '6f1c2d3e-0000-4000-8000-000000000001';
const event = {
  fetch,
  locals: { requestId: 'req-lesson-1', accessToken: 'token-1', user: null },
  params: { slug: 'foundations', lessonId: LESSON_ID },
  url: new URL(`http://localhost/courses/foundations/lessons/${LESSON_ID}`)
} as unknown as LoadEvent;

const lesson = {
  id: LESSON_ID,
  slug: 'key-findings',
  title: 'Key findings: a link that runs both ways',
  position: 2,
  estimatedMinutes: 10,
  objectives: ['State the two key findings.'],
  contentNote: 'This lesson discusses the exploitation of people living on the streets.',
  html: '<h2 id="what">What the report found</h2>\n<p>The link runs <strong>both ways</strong>.</p>',
  sources: [
    {
      publication: { slug: 'modern-slavery-and-homelessness', title: 'Understanding and Responding', publisher: 'IASC', citation: 'c' },
      passage: 'The link runs both ways.'
    }
  ],
  glossaryTerms: [{ slug: 'big-data', term: 'Big data' }],
  module: { slug: 'modern-slavery-homelessness', title: 'Modern slavery and homelessness' },
  course: { slug: 'foundations', title: 'Foundations' },
  previousLessonId: 'prev-id',
  nextLessonId: 'next-id',
  myReflection: null as null | { text: string; version: number; updatedAt: string }
};

const course = {
  slug: 'foundations',
  title: 'Foundations',
  modules: [
    {
      slug: 'modern-slavery-homelessness',
      position: 1,
      title: 'Modern slavery and homelessness',
      lessons: [
        { id: 'prev-id', title: 'Context and purpose' },
        { id: LESSON_ID, title: lesson.title },
        { id: 'next-id', title: 'What it means for practice' }
      ]
    }
  ]
};

const ok = (data: unknown) => ({ data, error: undefined, response: new Response(null, { status: 200 }) });
const problem = (status: number, code: string) => ({
  data: undefined,
  error: { statusCode: status, code, message: 'Not found' },
  response: new Response(null, { status })
});

beforeEach(() => {
  api.GET.mockReset();
  api.PUT.mockReset();
  api.POST.mockReset();
  api.createApiClient.mockReset().mockReturnValue({ GET: api.GET, PUT: api.PUT, POST: api.POST });
});

describe('lesson load', () => {
  it('asks for the lesson within its course, as the signed-in person, and takes the sidebar from the same answer', async () => {
    api.GET.mockResolvedValue(ok({ ...lesson, contents: course.modules }));
    const result = await load(event);
    expect(api.GET).toHaveBeenCalledTimes(1);
    expect(api.GET).toHaveBeenCalledWith('/api/lessons/{id}', {
      params: { path: { id: LESSON_ID }, query: { course: 'foundations' } }
    });
    expect(api.createApiClient.mock.calls[0]![1]).toMatchObject({ requestId: 'req-lesson-1', accessToken: 'token-1' });
    expect(result).toEqual({
      lesson,
      course,
      moduleQuiz: null,
      reading: null,
      signedIn: false,
      signInHref: `/login?next=${encodeURIComponent(`/courses/foundations/lessons/${LESSON_ID}`)}`,
      support: { hasOrganisation: false, organisations: [] }
    });
  });

  it('gives a lesson with a content note the support panel’s data from the session, and one without none', async () => {
    const support = {
      safeguardingContact: { name: 'Safeguarding lead', email: 'lead@example.org', phone: null },
      supportLine: null
    };
    const signedIn = {
      ...event,
      locals: {
        ...event.locals,
        user: {
          id: 'u1',
          email: 'u@example.org',
          displayName: 'U',
          emailVerified: true,
          isPlatformAdmin: false,
          memberships: [
            { organisationId: 'o1', organisationName: 'La Strada', role: 'learner', support },
            { organisationId: 'o2', organisationName: 'Quiet Org', role: 'learner', support: { safeguardingContact: null, supportLine: null } }
          ]
        }
      }
    } as unknown as LoadEvent;
    const notEnrolled = problem(404, 'NOT_FOUND');
    api.GET.mockImplementation(async (path: string) => (path === '/api/lessons/{id}' ? ok({ ...lesson, contents: course.modules }) : notEnrolled));
    expect(await load(signedIn)).toMatchObject({
      signedIn: true,
      reading: null,
      support: { hasOrganisation: true, organisations: [{ organisationName: 'La Strada', ...support }] }
    });
    api.GET.mockImplementation(async (path: string) =>
      path === '/api/lessons/{id}' ? ok({ ...lesson, contentNote: null, contents: course.modules }) : notEnrolled
    );
    expect(await load(signedIn)).toMatchObject({ support: null });
    // Each load: the lesson, and the reader's progress in the course.
    expect(api.GET).toHaveBeenCalledTimes(4);
  });

  it("at a module's last lesson, asks the course for the module's quiz to lead on to it", async () => {
    const last = { ...lesson, id: 'next-id', nextLessonId: null };
    const quiz = { id: 'quiz-1', questionCount: 8, passMark: 70, timeLimitSeconds: 1200, maxAttempts: 3 };
    api.GET.mockResolvedValueOnce(ok({ ...last, contents: course.modules })).mockResolvedValueOnce(
      ok({ slug: 'foundations', modules: [{ slug: 'modern-slavery-homelessness', quiz }] })
    );
    const result = (await load({ ...event, params: { slug: 'foundations', lessonId: 'next-id' } } as LoadEvent)) as Record<string, unknown>;
    expect(api.GET).toHaveBeenCalledTimes(2);
    expect(api.GET).toHaveBeenLastCalledWith('/api/courses/{slug}', { params: { path: { slug: 'foundations' } } });
    expect(result.moduleQuiz).toEqual(quiz);
    const out = renderHtml(LessonPage, { data: { lesson: last, course, moduleQuiz: quiz } } as never);
    expect(headingsInOrder(out)).toBe(true);
    expect(findTags(out, 'a').some((a) => a.attrs.href === '/quizzes/quiz-1?course=foundations')).toBe(true);
    expect(textOf(out)).toContain('8 questions · pass mark 70% · time limit 20 minutes');
  });

  it("still shows the module's last lesson when the course cannot be read, without the quiz link", async () => {
    api.GET.mockResolvedValueOnce(ok({ ...lesson, id: 'next-id', contents: course.modules })).mockResolvedValueOnce(problem(503, 'SERVICE_UNAVAILABLE'));
    const result = (await load({ ...event, params: { slug: 'foundations', lessonId: 'next-id' } } as LoadEvent)) as Record<string, unknown>;
    expect(result.moduleQuiz).toBeNull();
  });

  it('turns a 404 from the API into a 404 page', async () => {
    api.GET.mockResolvedValue(problem(404, 'NOT_FOUND'));
    await expect(load(event)).rejects.toMatchObject({ status: 404, body: { message: 'Lesson not found' } });
  });

  it('treats a malformed id (400) as not found too', async () => {
    api.GET.mockResolvedValue(problem(400, 'VALIDATION_FAILED'));
    await expect(load(event)).rejects.toMatchObject({ status: 404 });
  });

  it('answers 503 when the API is unreachable', async () => {
    api.GET.mockRejectedValue(new TypeError('fetch failed'));
    await expect(load(event)).rejects.toMatchObject({ status: 503 });
  });
});

describe('lesson page', () => {
  const render = (data: Record<string, unknown>, form: unknown = null) =>
    renderHtml(LessonPage, { data: { signedIn: false, signInHref: '/login', support: null, ...data }, form } as never);
  const out = render({ lesson, course });

  it('has one h1 (the lesson title) and headings in order', () => {
    expect(headingsInOrder(out)).toBe(true);
    expect(textOf(/<h1\b[^>]*>([\s\S]*?)<\/h1>/.exec(out)![1]!)).toBe(lesson.title);
  });

  it('shows the content note, under a "Content note" heading, before the lesson text', () => {
    const note = out.indexOf('Content note</h2>');
    expect(note).toBeGreaterThan(-1);
    expect(out.indexOf(lesson.contentNote)).toBeGreaterThan(note);
    expect(out.indexOf('What the report found')).toBeGreaterThan(out.indexOf(lesson.contentNote));
  });

  it('leaves the content note out when there is none', () => {
    expect(render({ lesson: { ...lesson, contentNote: null }, course })).not.toContain('Content note');
  });

  it('inserts the sanitised lesson html as is', () => {
    expect(out).toContain('<p>The link runs <strong>both ways</strong>.</p>');
  });

  it('escapes everything else from the API', () => {
    const hostile = render({ lesson: { ...lesson, title: '<img src=x>', contentNote: '<b>note</b>' }, course });
    expect(hostile).toContain('&lt;img src=x>');
    expect(hostile).not.toContain('<b>note</b>');
  });

  it('lists each source publication once, linked to the library, with its passages under it', () => {
    const publication = lesson.sources[0]!.publication;
    const other = { slug: 'other', title: 'Other report', publisher: 'P', citation: 'c' };
    const many = render({
      lesson: {
        ...lesson,
        sources: [
          { publication, passage: 'The link runs both ways.' },
          { publication: other, passage: 'Another passage.' },
          { publication, passage: 'A second passage.' },
          { publication, passage: 'The link runs both ways.' }
        ]
      },
      course
    });
    const links = findTags(many, 'a').filter((a) => a.attrs.href?.startsWith('/library/'));
    expect(links.map((a) => a.attrs.href)).toEqual(['/library/modern-slavery-and-homelessness', '/library/other']);
    const sources = textOf(many.slice(many.indexOf('id="sources-title"')));
    expect(sources).toMatch(/Understanding and Responding\s*“The link runs both ways.”\s*“A second passage.”\s*Other report\s*“Another passage.”/);
  });

  it('shows the support panel only when the page gives it: a complementary landmark with a heading, labelled as the platform’s guidance', () => {
    expect(out).not.toContain('Support while you learn');
    const withPanel = render({ lesson, course, support: { hasOrganisation: false, organisations: [] } });
    const aside = findTags(withPanel, 'aside').find((a) => a.attrs['aria-labelledby'] === 'support-panel-title')!;
    expect(aside.attrs['aria-labelledby']).toBe('support-panel-title');
    expect(textOfId(withPanel, 'support-panel-title')).toBe('Support while you learn');
    const text = textOf(withPanel);
    expect(text).toContain('Guidance from HTMSE Academy, not from the publications');
    expect(text).toContain('Take a break');
    expect(text).toContain('Quick exit');
    expect(text).toContain('follow your organisation’s safeguarding procedure and call the emergency services');
    expect(text).toContain('talk to someone you trust');
    expect(headingsInOrder(withPanel)).toBe(true);
  });

  it('offers signed-in readers a private reflection, with "do not record identifiable details" beside the prompt', () => {
    const signedIn = render({
      lesson: { ...lesson, myReflection: { text: 'My plan', version: 2, updatedAt: '2026-12-01T10:00:00.000Z' } },
      course,
      signedIn: true
    });
    const textarea = findTags(signedIn, 'textarea')[0]!;
    expect(textarea.attrs.name).toBe('text');
    expect(textarea.attrs['aria-describedby']).toContain('reflection-care');
    expect(textOfId(signedIn, 'reflection-care')).toContain('Do not record identifiable details');
    expect(signedIn).toContain('>My plan</textarea>');
    expect(findTags(signedIn, 'input').find((i) => i.attrs.name === 'version')?.attrs.value).toBe('2');
    expect(textOf(signedIn)).toContain('Only you can read it');
    // Signed out: the prompt to sign in carries the same care.
    expect(findTags(out, 'textarea')).toHaveLength(0);
    expect(textOf(out)).toContain('Do not record identifiable details');
    // A refused save keeps what was typed.
    const refused = render({ lesson, course, signedIn: true }, { form: 'reflection', values: { text: 'typed' }, problem: 'Saved elsewhere' });
    expect(refused).toContain('>typed</textarea>');
    expect(textOf(refused)).toContain('Saved elsewhere');
  });

  it('links each glossary term the lesson uses to its entry, labelled as the course’s own words', () => {
    expect(findTags(out, 'a').find((a) => a.attrs.href === '/glossary#big-data')).toBeDefined();
    expect(textOf(out)).toContain("Terms in the glossary Explained in this course's own words, not the publications': Big data");
    expect(render({ lesson: { ...lesson, glossaryTerms: [] }, course })).not.toContain('Terms in the glossary');
  });

  it('links the previous and next lessons of the course, by name', () => {
    expect(findTagWith(out, 'a', 'rel', 'prev').attrs.href).toBe('/courses/foundations/lessons/prev-id');
    expect(findTagWith(out, 'a', 'rel', 'next').attrs.href).toBe('/courses/foundations/lessons/next-id');
    expect(textOf(out)).toContain('Next What it means for practice');
  });

  it('marks the current lesson in the contents with aria-current', () => {
    const current = findTagWith(out, 'a', 'aria-current', 'page');
    expect(current.attrs.href).toBe(`/courses/foundations/lessons/${LESSON_ID}`);
    expect(findTags(out, 'a').filter((a) => a.attrs['aria-current'])).toHaveLength(1);
  });

  it('says when this is the last lesson instead of a Next link', () => {
    const last = render({ lesson: { ...lesson, nextLessonId: null }, course });
    expect(findTags(last, 'a').some((a) => a.attrs.rel === 'next')).toBe(false);
    expect(textOf(last)).toContain('This is the last lesson of the course.');
  });
});

describe('saving a reflection', () => {
  type Action = (event: never) => Promise<unknown>;
  const save = actions.saveReflection as unknown as Action;
  const post = (form: Record<string, string>) =>
    ({
      ...event,
      locals: { ...event.locals, user: { id: 'u1', memberships: [] } },
      url: new URL(`http://localhost/courses/foundations/lessons/${LESSON_ID}?/saveReflection`),
      request: new Request('http://localhost/', { method: 'POST', body: new URLSearchParams(form) })
    }) as never;

  it('saves the text with the version it was loaded at', async () => {
    api.PUT.mockResolvedValue(ok({ lessonId: LESSON_ID, text: 'My plan', version: 3, updatedAt: '2026-12-01T10:00:00.000Z' }));
    const result = await save(post({ text: 'My plan', version: '2' }));
    expect(api.PUT).toHaveBeenCalledWith('/api/lessons/{lessonId}/reflection', {
      params: { path: { lessonId: LESSON_ID } },
      body: { text: 'My plan', version: 2 }
    });
    expect(result).toMatchObject({ form: 'reflection', saved: { text: 'My plan', version: 3 }, success: expect.stringContaining('Only you can read it') });
  });

  it('refuses an over-long note without calling the API, keeping the text', async () => {
    const long = 'x'.repeat(5001);
    expect(await save(post({ text: long, version: '0' }))).toMatchObject({
      status: 400,
      data: { form: 'reflection', values: { text: long }, errors: { text: expect.stringContaining('at most 5,000') } }
    });
    expect(api.PUT).not.toHaveBeenCalled();
  });

  it('keeps the text and says what to do when another window saved first (409)', async () => {
    api.PUT.mockResolvedValue({
      data: undefined,
      error: { statusCode: 409, code: 'CONFLICT', message: 'conflict', details: { currentVersion: 3 } },
      response: new Response(null, { status: 409 })
    });
    expect(await save(post({ text: 'mine', version: '1' }))).toMatchObject({
      status: 409,
      data: { form: 'reflection', values: { text: 'mine' }, problem: expect.stringContaining('another window') }
    });
  });
});

describe('reading progress', () => {
  const learner = { id: 'u1', email: 'u@example.org', displayName: 'U', emailVerified: true, isPlatformAdmin: false, memberships: [] };
  const signedIn = { ...event, locals: { ...event.locals, user: learner } } as unknown as LoadEvent;
  const progressOf = (completedAt: string | null, position: number | null, complete = false) => ({
    courseSlug: 'foundations',
    percentComplete: 0,
    lessonsCompleted: 0,
    lessonsTotal: 3,
    timeSpentSeconds: 0,
    resume: null,
    completion: null,
    modules: [
      {
        slug: 'modern-slavery-homelessness',
        complete,
        lessonsCompleted: 0,
        lessonsRequired: 3,
        quiz: null,
        lessons: [{ lessonId: LESSON_ID, startedAt: '2026-12-01T09:00:00.000Z', completedAt, timeSpentSeconds: 30, position }]
      }
    ]
  });

  it("reads an enrolled learner's progress on this lesson from the course progress, asked at the same time as the lesson", async () => {
    api.GET.mockImplementation(async (path: string) =>
      path === '/api/lessons/{id}' ? ok({ ...lesson, contents: course.modules }) : ok(progressOf('2026-12-01T09:10:00.000Z', 0.6, true))
    );
    const result = (await load(signedIn)) as Record<string, unknown>;
    expect(api.GET).toHaveBeenCalledWith('/api/me/courses/{slug}/progress', { params: { path: { slug: 'foundations' } } });
    expect(result.reading).toEqual({ completedAt: '2026-12-01T09:10:00.000Z', position: 0.6, moduleComplete: true });
  });

  it('records nothing for a signed-out reader: no progress call', async () => {
    api.GET.mockResolvedValue(ok({ ...lesson, contents: course.modules }));
    expect(((await load(event)) as Record<string, unknown>).reading).toBeNull();
    expect(api.GET).toHaveBeenCalledTimes(1);
  });

  const render = (data: Record<string, unknown>, form: unknown = null) =>
    renderHtml(LessonPage, { data: { lesson, course, moduleQuiz: null, signedIn: true, signInHref: '/login', support: null, ...data }, form } as never);

  it('offers "Mark as complete" (a form that works without JavaScript) until the lesson is completed, then says it is', () => {
    const open = render({ reading: { completedAt: null, position: null, moduleComplete: false } });
    const form = findTags(open, 'form').find((f) => f.attrs.action === '?/complete');
    expect(form?.attrs.method).toBe('POST');
    expect(textOf(open)).toContain('Mark as complete');
    expect(textOf(open)).not.toContain('You have completed this lesson');
    const done = render({ reading: { completedAt: '2026-12-01T09:10:00.000Z', position: 1, moduleComplete: true } });
    expect(findTags(done, 'form').some((f) => f.attrs.action === '?/complete')).toBe(false);
    expect(textOf(done)).toContain('You have completed this lesson. The module “Modern slavery and homelessness” is complete.');
    expect(textOf(done)).toMatch(/About 10 minutes · Completed/);
    expect(headingsInOrder(done)).toBe(true);
  });

  it('shows no progress controls to a reader who is not enrolled', () => {
    expect(textOf(render({ reading: null }))).not.toContain('Mark as complete');
  });

  type Action = (event: never) => Promise<unknown>;
  const complete = actions.complete as unknown as Action;
  const post = (user: unknown = learner) =>
    ({
      ...event,
      locals: { ...event.locals, user },
      url: new URL(`http://localhost/courses/foundations/lessons/${LESSON_ID}?/complete`),
      request: new Request('http://localhost/', { method: 'POST', body: new URLSearchParams() })
    }) as never;

  it('marks the lesson complete within the course in the address, and says where the module stands', async () => {
    api.POST.mockResolvedValue(
      ok({
        lessonId: LESSON_ID,
        courseSlug: 'foundations',
        startedAt: '2026-12-01T09:00:00.000Z',
        completedAt: '2026-12-01T09:10:00.000Z',
        timeSpentSeconds: 30,
        position: null,
        module: { slug: 'modern-slavery-homelessness', complete: false, lessonsCompleted: 2, lessonsRequired: 3, quiz: null },
        course: { slug: 'foundations', percentComplete: 40, completedAt: null }
      })
    );
    expect(await complete(post())).toMatchObject({
      form: 'complete',
      recorded: { completedAt: '2026-12-01T09:10:00.000Z', moduleComplete: false, lessonsCompleted: 2, lessonsRequired: 3 }
    });
    expect(api.POST).toHaveBeenCalledWith('/api/lessons/{lessonId}/progress', {
      params: { path: { lessonId: LESSON_ID } },
      body: { course: 'foundations', completed: true }
    });
  });

  it('tells a learner who is not enrolled to enrol, and sends a signed-out one to sign in', async () => {
    api.POST.mockResolvedValue(problem(409, 'NOT_ENROLLED'));
    expect(await complete(post())).toMatchObject({ status: 409, data: { form: 'complete', problem: 'Enrol on this course to record your progress.' } });
    api.POST.mockResolvedValue(problem(403, 'FORBIDDEN'));
    expect(await complete(post())).toMatchObject({ status: 403, data: { form: 'complete', problem: 'Enrol on this course to record your progress.' } });
    await expect(complete(post(null))).rejects.toMatchObject({ status: 303, location: expect.stringContaining('/login?next=') });
  });
});
