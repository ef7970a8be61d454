import { beforeEach, describe, expect, it, vi } from 'vitest';
import { findTags, headingsInOrder, renderHtml, textOf } from '#lib/test-helpers.js';
import { courseProgress } from '#lib/learning/test-fixtures.js';

const api = vi.hoisted(() => ({ GET: vi.fn(), POST: vi.fn(), createApiClient: vi.fn() }));
vi.mock('#lib/server/api.js', () => ({ createApiClient: api.createApiClient }));

const { load: loadList } = await import('./+page.server');
const { default: CoursesPage } = await import('./+page.svelte');
const { load, actions } = await import('./[slug]/+page.server');
const { default: CoursePage } = await import('./[slug]/+page.svelte');

const ok = (data: unknown, status = 200) => ({ data, error: undefined, response: new Response(null, { status }) });

const listItem = {
  slug: 'foundations',
  title: 'Foundations',
  summary: 'An introduction.',
  audience: 'Professionals.',
  version: 1,
  publishedAt: '2026-11-01T00:00:00.000Z',
  estimatedMinutes: 125,
  moduleCount: 2
};
const course = {
  ...listItem,
  objectives: ['Summarise each publication.'],
  contentNote: 'Some lessons discuss the forced labour of children.',
  passMark: 70,
  modules: [
    {
      position: 1,
      slug: 'ending-forced-labour-2030',
      title: 'Ending forced labour by 2030',
      summary: 'The global picture.',
      requires: [],
      objectives: ['Quote the ILO figures with what the source says about them.'],
      estimatedMinutes: 25,
      questionCount: 4,
      publication: { slug: 'ending-forced-labour-by-2030', title: 'Ending Forced Labour by 2030', publisher: 'ILO', citation: 'c' },
      lessons: [{ id: 'l-1', slug: 'context', title: 'Context and purpose', estimatedMinutes: 8 }]
    },
    {
      position: 2,
      slug: 'modern-slavery-homelessness',
      title: 'Modern slavery and homelessness',
      summary: 'Two linked issues.',
      requires: ['ending-forced-labour-2030'],
      objectives: [],
      estimatedMinutes: 30,
      questionCount: 0,
      publication: { slug: 'modern-slavery-and-homelessness', title: 'Understanding and Responding', publisher: 'IASC', citation: 'c' },
      lessons: [{ id: 'l-2', slug: 'context', title: 'A scoping study', estimatedMinutes: 8 }]
    }
  ],
  sourcePublications: [{ slug: 'ending-forced-labour-by-2030', title: 'Ending Forced Labour by 2030', publisher: 'ILO', citation: 'c' }]
};

beforeEach(() => {
  api.GET.mockReset();
  api.POST.mockReset();
  api.createApiClient.mockReset().mockReturnValue({ GET: api.GET, POST: api.POST });
});

type ListEvent = Parameters<typeof loadList>[0];
type Action = (event: never) => Promise<unknown>;
const enrol = actions.enrol as unknown as Action;

describe('course catalogue', () => {
  it('pages with the cursor from the address', async () => {
    api.GET.mockResolvedValue(ok({ items: [listItem], nextCursor: 'n2' }));
    const event = { fetch, locals: { requestId: 'r' }, url: new URL('http://x/courses?cursor=c1') } as unknown as ListEvent;
    const result = (await loadList(event)) as Record<string, unknown>;
    expect(api.GET).toHaveBeenCalledWith('/api/courses', { params: { query: { limit: 12, cursor: 'c1' } } });
    expect(result).toMatchObject({ courses: [listItem], nextCursor: 'n2', cursor: 'c1' });
  });

  it('shows cards with duration and a "More courses" link, or an empty state', () => {
    const out = renderHtml(CoursesPage, { data: { courses: [listItem], nextCursor: 'n2', cursor: '', loadProblem: null } } as never);
    expect(headingsInOrder(out)).toBe(true);
    expect(textOf(out)).toContain('About 2 hours 5 minutes');
    const more = findTags(out, 'a').find((a) => a.attrs.href === '/courses?cursor=n2');
    expect(more).toBeDefined();
    const empty = renderHtml(CoursesPage, { data: { courses: [], nextCursor: null, cursor: '', loadProblem: null } } as never);
    expect(textOf(empty)).toContain('No courses are published yet');
  });
});

describe('course catalogue marks', () => {
  const member = {
    id: 'u',
    email: 'u@example.org',
    displayName: 'U',
    emailVerified: true,
    isPlatformAdmin: false,
    memberships: [{ organisationId: 'o1', organisationName: 'La Strada', role: 'learner' }]
  };
  const eventAs = (user: unknown) =>
    ({ fetch, locals: { requestId: 'r', user, accessToken: user ? 't' : null }, url: new URL('http://x/courses') }) as unknown as ListEvent;
  const tailored = { ...listItem, slug: 'la-strada-intro', title: 'La Strada introduction', visibility: 'organisation' };

  it("asks for a signed-in learner's enrolments beside the courses, and names the one organisation a tailored course can be from", async () => {
    api.GET.mockImplementation(async (path: string) =>
      path === '/api/courses' ? ok({ items: [listItem, tailored], nextCursor: null }) : ok({ items: [{ courseSlug: 'foundations' }], nextCursor: null })
    );
    const result = (await loadList(eventAs(member))) as Record<string, unknown>;
    expect(api.GET).toHaveBeenCalledWith('/api/me/enrolments', { params: { query: { limit: 100 } } });
    expect(result).toMatchObject({ enrolledSlugs: ['foundations'], organisationName: 'La Strada' });
    const out = renderHtml(CoursesPage, { data: result } as never);
    const text = textOf(out);
    expect(text).toMatch(/Foundations Enrolled An introduction/);
    expect(text).toMatch(/La Strada introduction From La Strada An introduction/);
    expect(headingsInOrder(out)).toBe(true);
  });

  it('asks nothing more when signed out, and does not guess the organisation of a member of several or of a platform admin', async () => {
    api.GET.mockResolvedValue(ok({ items: [listItem], nextCursor: null }));
    expect(await loadList(eventAs(null))).toMatchObject({ enrolledSlugs: [], organisationName: '' });
    expect(api.GET).toHaveBeenCalledTimes(1);
    const several = { ...member, memberships: [...member.memberships, { organisationId: 'o2', organisationName: 'Other', role: 'learner' }] };
    expect(await loadList(eventAs(several))).toMatchObject({ organisationName: '' });
    expect(await loadList(eventAs({ ...member, isPlatformAdmin: true }))).toMatchObject({ organisationName: '' });
    const out = renderHtml(CoursesPage, {
      data: { courses: [tailored], nextCursor: null, cursor: '', enrolledSlugs: [], organisationName: '', loadProblem: null }
    } as never);
    expect(textOf(out)).toContain('Organisation course');
  });
});

describe('course page', () => {
  const eventFor = (user: unknown) =>
    ({
      fetch,
      locals: { requestId: 'r', user, accessToken: user ? 't' : null },
      params: { slug: 'foundations' },
      url: new URL('http://x/courses/foundations')
    }) as never;

  it('404s for an unknown course', async () => {
    api.GET.mockResolvedValue({ data: undefined, error: { code: 'NOT_FOUND' }, response: new Response(null, { status: 404 }) });
    await expect(load(eventFor(null))).rejects.toMatchObject({ status: 404 });
  });

  it('gives the first lesson to start from and does not ask about enrolment when signed out', async () => {
    api.GET.mockResolvedValue(ok(course));
    const result = (await load(eventFor(null))) as Record<string, unknown>;
    expect(result).toMatchObject({ firstLessonId: 'l-1', signedIn: false, enrolled: false });
    expect(api.GET).toHaveBeenCalledTimes(1);
  });

  it('takes a signed-in learner’s enrolment from the course answer, and then their progress', async () => {
    const enrolment = { enrolmentId: 'e-1', enrolledAt: '2026-12-01T00:00:00.000Z', dueAt: '2026-12-31T00:00:00.000Z' };
    api.GET.mockImplementation(async (path: string) => (path === '/api/courses/{slug}' ? ok({ ...course, enrolment }) : ok(courseProgress())));
    const result = (await load(eventFor({ id: 'u' }))) as Record<string, unknown>;
    expect(result).toMatchObject({ signedIn: true, enrolled: true, dueAt: '2026-12-31T00:00:00.000Z', progress: courseProgress() });
    expect(api.GET).toHaveBeenCalledTimes(2);
    expect(api.GET).toHaveBeenLastCalledWith('/api/me/courses/{slug}/progress', { params: { path: { slug: 'foundations' } } });
  });

  it('still shows the course to an enrolled learner when their progress cannot be read', async () => {
    const enrolment = { enrolmentId: 'e-1', enrolledAt: '2026-12-01T00:00:00.000Z', dueAt: null };
    api.GET.mockImplementation(async (path: string) =>
      path === '/api/courses/{slug}'
        ? ok({ ...course, enrolment })
        : { data: undefined, error: { statusCode: 503, code: 'SERVICE_UNAVAILABLE', message: 'down' }, response: new Response(null, { status: 503 }) }
    );
    const result = (await load(eventFor({ id: 'u' }))) as Record<string, unknown>;
    expect(result).toMatchObject({ enrolled: true, progress: null });
  });

  it('offers "Start the course" (the first lesson, no position) to a learner who has read nothing yet', () => {
    const fresh = courseProgress({
      percentComplete: 0,
      lessonsCompleted: 0,
      resume: { lessonId: 'l-1', lessonTitle: 'Context and purpose', moduleSlug: 'ending-forced-labour-2030', position: null },
      modules: courseProgress().modules.map((m) => ({
        ...m,
        complete: false,
        lessonsCompleted: 0,
        quiz: null,
        lessons: m.lessons.map((l) => ({ ...l, startedAt: null, completedAt: null, position: null }))
      }))
    });
    const out = renderHtml(CoursePage, {
      data: {
        course,
        firstLessonId: 'l-1',
        signedIn: true,
        enrolled: true,
        dueAt: null,
        contentNote: null,
        support: null,
        progress: fresh,
        retakeStarted: false
      },
      form: null
    } as never);
    expect(textOf(out)).toContain('Start the course');
    expect(textOf(out)).not.toContain('Continue where you left off');
    expect(findTags(out, 'a').some((a) => a.attrs.href === '/courses/foundations/lessons/l-1')).toBe(true);
  });

  it('shows an enrolled learner their progress: percent, completed lessons, modules complete, quiz passed, and Continue', () => {
    const out = renderHtml(CoursePage, {
      data: {
        course: {
          ...course,
          modules: [{ ...course.modules[0]!, quiz: { id: 'q-1', questionCount: 4, passMark: 70, timeLimitSeconds: null } }, course.modules[1]]
        },
        firstLessonId: 'l-1',
        signedIn: true,
        enrolled: true,
        dueAt: null,
        contentNote: null,
        support: null,
        progress: courseProgress(),
        retakeStarted: false
      },
      form: null
    } as never);
    expect(headingsInOrder(out)).toBe(true);
    const text = textOf(out);
    expect(findTags(out, 'div').find((d) => d.attrs.role === 'progressbar')?.attrs['aria-valuenow']).toBe('50');
    expect(text).toContain('1 of 2 lessons completed');
    const resume = findTags(out, 'a').find((a) => a.attrs.href === '/courses/foundations/lessons/l-2?resume=0.3');
    expect(resume).toBeDefined();
    expect(text).toContain('Continue where you left off');
    expect(text).toContain('Context and purpose (8 minutes) Completed');
    expect(text).not.toContain('A scoping study (8 minutes) Completed');
    expect(text).toContain('Module complete');
    expect(text).toContain('0 of 1 lesson completed');
    expect(text).toMatch(/Quiz: Ending forced labour by 2030 \([^)]*\) Passed/);
  });

  it('offers enrolment to a signed-in person the course answer has no enrolment for', async () => {
    api.GET.mockResolvedValue(ok({ ...course, enrolment: null }));
    const result = (await load(eventFor({ id: 'u' }))) as Record<string, unknown>;
    expect(result).toMatchObject({ signedIn: true, enrolled: false, dueAt: null });
  });

  it('sends a signed-out visitor who enrols to sign in, coming back to the course', async () => {
    await expect(enrol(eventFor(null))).rejects.toMatchObject({
      status: 303,
      location: '/login?next=%2Fcourses%2Ffoundations'
    });
    expect(api.POST).not.toHaveBeenCalled();
  });

  it('enrols a signed-in person (201 or 200) and says so', async () => {
    api.POST.mockResolvedValue(ok({}, 201));
    const result = await enrol(eventFor({ id: 'u' }));
    expect(api.POST).toHaveBeenCalledWith('/api/courses/{slug}/enrolments', { params: { path: { slug: 'foundations' } } });
    expect(result).toMatchObject({ enrolled: true });
  });

  it('shows the syllabus with prerequisites, objectives, sources and an Enrol button', () => {
    const out = renderHtml(CoursePage, {
      data: { course, firstLessonId: 'l-1', signedIn: false, enrolled: false, dueAt: null },
      form: null
    } as never);
    expect(headingsInOrder(out)).toBe(true);
    const text = textOf(out);
    expect(text).toContain('Take first: Ending forced labour by 2030');
    expect(text).toContain('Summarise each publication.');
    expect(text).toContain('Professionals.');
    expect(text).toContain('quiz of 4 questions');
    expect(findTags(out, 'form')[0]!.attrs.action).toBe('?/enrol');
    expect(text).toContain('Enrol on this course');
    expect(findTags(out, 'a').some((a) => a.attrs.href === '/library/ending-forced-labour-by-2030')).toBe(true);
  });

  it('shows the course content note before the syllabus, each module’s objectives, and links the glossary', () => {
    const out = renderHtml(CoursePage, {
      data: { course, firstLessonId: 'l-1', signedIn: false, enrolled: false, dueAt: null },
      form: null
    } as never);
    expect(headingsInOrder(out)).toBe(true);
    const text = textOf(out);
    expect(text).toContain('Content note Some lessons discuss the forced labour of children.');
    expect(text.indexOf('Some lessons discuss the forced labour of children.')).toBeLessThan(text.indexOf('Syllabus'));
    expect(text).toContain('By the end of this module you can Quote the ILO figures with what the source says about them.');
    // A module without objectives (authored in the browser) shows no empty list.
    expect(text.split('By the end of this module you can')).toHaveLength(2);
    expect(findTags(out, 'a').some((a) => a.attrs.href === '/glossary')).toBe(true);
    const withoutNote = textOf(
      renderHtml(CoursePage, {
        data: { course: { ...course, contentNote: null }, firstLessonId: 'l-1', signedIn: false, enrolled: false, dueAt: null },
        form: null
      } as never)
    );
    expect(withoutNote).not.toContain('Content note');
  });

  it('says the modules teach the library’s summaries, not the full reports', () => {
    const out = renderHtml(CoursePage, { data: { course, firstLessonId: 'l-1', signedIn: false, enrolled: false, dueAt: null }, form: null } as never);
    expect(textOf(out)).toContain('The modules teach the library’s summaries of the source publications, not the full reports.');
    expect(out).not.toContain('Support while you learn');
  });

  it('with a course content note, shows it and the support panel (a sensitive page); without one, neither', async () => {
    api.GET.mockResolvedValue(ok({ ...course, contentNote: 'This course discusses sexual exploitation.' }));
    const noted = (await load(eventFor(null))) as Record<string, unknown>;
    expect(noted).toMatchObject({ contentNote: 'This course discusses sexual exploitation.', support: { hasOrganisation: false, organisations: [] } });
    const out = renderHtml(CoursePage, {
      data: { ...noted, course: { ...course, contentNote: 'This course discusses sexual exploitation.' } },
      form: null
    } as never);
    expect(headingsInOrder(out)).toBe(true);
    expect(textOf(out)).toContain('Content note This course discusses sexual exploitation.');
    expect(textOf(out)).toContain('Support while you learn');
    api.GET.mockResolvedValue(ok({ ...course, contentNote: null }));
    expect(await load(eventFor(null))).toMatchObject({ contentNote: null, support: null });
  });

  it("links each module's quiz to its start page, remembering the course, and leaves it out for a module without one", () => {
    const quiz = { id: 'quiz-1', questionCount: 8, passMark: 70, timeLimitSeconds: null, maxAttempts: null };
    const withQuiz = {
      ...course,
      modules: [
        { ...course.modules[0]!, quiz },
        { ...course.modules[1]!, quiz: null }
      ]
    };
    const out = renderHtml(CoursePage, {
      data: { course: withQuiz, firstLessonId: 'l-1', signedIn: true, enrolled: true, dueAt: null },
      form: null
    } as never);
    const quizLinks = findTags(out, 'a').filter((a) => a.attrs.href?.startsWith('/quizzes/'));
    expect(quizLinks.map((a) => a.attrs.href)).toEqual(['/quizzes/quiz-1?course=foundations']);
    expect(textOf(out)).toContain('Quiz: Ending forced labour by 2030 (8 questions · pass mark 70%)');
  });

  it('once enrolled, says so and links the first lesson instead of the button', () => {
    const out = renderHtml(CoursePage, {
      data: { course, firstLessonId: 'l-1', signedIn: true, enrolled: false, dueAt: null },
      form: { enrolled: true }
    } as never);
    expect(textOf(out)).toContain('You are enrolled');
    expect(findTags(out, 'a').some((a) => a.attrs.href === '/courses/foundations/lessons/l-1')).toBe(true);
    expect(textOf(out)).not.toContain('Enrol on this course');
  });
});

describe('home page: featured courses', async () => {
  const { load: loadHome } = await import('../+page.server');
  const { default: HomePage } = await import('../+page.svelte');
  type HomeEvent = Parameters<typeof loadHome>[0];
  const event = { fetch, locals: { requestId: 'r', user: null, accessToken: null } } as unknown as HomeEvent;

  it('lists a few published courses with their summary, duration and a link', async () => {
    api.GET.mockResolvedValue(ok({ items: [listItem], nextCursor: null }));
    const data = (await loadHome(event)) as Record<string, unknown>;
    expect(api.GET).toHaveBeenCalledWith('/api/courses', { params: { query: { limit: 6 } } });
    const out = renderHtml(HomePage, { data } as never);
    expect(headingsInOrder(out)).toBe(true);
    expect(out).toContain('<a class="card__link svelte-');
    expect(findTags(out, 'a').some((a) => a.attrs.href === '/courses/foundations')).toBe(true);
    const text = textOf(out);
    expect(text).toContain('Featured courses');
    expect(text).toContain('An introduction.');
    expect(text).toContain('About 2 hours 5 minutes');
  });

  it('shows an empty state when no course is published, and a warning when the API is down', async () => {
    api.GET.mockResolvedValue(ok({ items: [], nextCursor: null }));
    const empty = renderHtml(HomePage, { data: await loadHome(event) } as never);
    expect(textOf(empty)).toContain('No courses are published yet');
    api.GET.mockRejectedValue(new TypeError('fetch failed'));
    const down = renderHtml(HomePage, { data: await loadHome(event) } as never);
    expect(textOf(down)).toContain('Courses cannot be shown right now.');
  });
});
