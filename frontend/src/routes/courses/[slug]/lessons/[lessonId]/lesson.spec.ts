import { beforeEach, describe, expect, it, vi } from 'vitest';
import { findTags, findTagWith, headingsInOrder, renderHtml, textOf } from '#lib/test-helpers.js';

const api = vi.hoisted(() => ({ GET: vi.fn(), createApiClient: vi.fn() }));
vi.mock('#lib/server/api.js', () => ({ createApiClient: api.createApiClient }));

const { load } = await import('./+page.server');
const { default: LessonPage } = await import('./+page.svelte');

type LoadEvent = Parameters<typeof load>[0];
const LESSON_ID = '6f1c2d3e-0000-4000-8000-000000000001';
const event = {
  fetch,
  locals: { requestId: 'req-lesson-1', accessToken: 'token-1', user: null },
  params: { slug: 'foundations', lessonId: LESSON_ID }
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
  nextLessonId: 'next-id'
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
  api.createApiClient.mockReset().mockReturnValue({ GET: api.GET });
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
    expect(result).toEqual({ lesson, course });
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
  const render = (data: unknown) => renderHtml(LessonPage, { data } as never);
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

  it('lists sources as "publication — “passage”", linked to the library', () => {
    expect(textOf(out)).toContain('Understanding and Responding — “The link runs both ways.”');
    expect(findTags(out, 'a').some((a) => a.attrs.href === '/library/modern-slavery-and-homelessness')).toBe(true);
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
