import { describe, expect, it } from 'vitest';
import { headingsInOrder, renderHtml, textOf } from '#lib/test-helpers.js';
import HomePage from './+page.svelte';
import AboutPage from './about/+page.svelte';

describe('home page', () => {
  const publications = [
    {
      slug: 'ending-forced-labour-by-2030',
      title: 'Ending Forced Labour by 2030: A Review of Policies and Programmes',
      publisher: 'International Labour Organisation (ILO)',
      dateLabel: null,
      summary: 'A review.',
      date: null,
      region: null,
      snippet: null,
      topics: [],
      year: null
    },
    {
      slug: 'modern-slavery-and-homelessness',
      title: 'Understanding and Responding to Modern Slavery within the Homelessness Sector',
      publisher: 'Independent Anti-Slavery Commissioner',
      dateLabel: 'January 2017',
      summary: 'A scoping study.',
      date: '2017-01',
      region: 'England',
      snippet: null,
      topics: [],
      year: 2017
    }
  ];
  const data = { courses: [], moreCourses: false, coursesProblem: null, publications, publicationsProblem: null };
  const out = renderHtml(HomePage, { data } as never);

  it('has one h1 and headings in order', () => {
    expect(headingsInOrder(out)).toBe(true);
  });

  it("shows the library API's publications, each linking to its library page, with publisher and date", () => {
    for (const publication of publications) {
      expect(out).toContain(`href="/library/${publication.slug}"`);
      expect(textOf(out)).toContain(publication.title);
    }
    expect(textOf(out)).toContain('Independent Anti-Slavery Commissioner, January 2017');
  });

  it('says so when the publications cannot be read', () => {
    const failed = renderHtml(HomePage, { data: { ...data, publications: [], publicationsProblem: 'The publications cannot be shown right now.' } } as never);
    expect(textOf(failed)).toContain('The publications cannot be shown right now.');
  });

  it('names every audience from the brief', () => {
    const text = textOf(out);
    for (const audience of ['NGO staff', 'police', 'social and health workers', 'supply-chain teams']) {
      expect(text).toContain(audience);
    }
  });
});

describe('about page', () => {
  const out = renderHtml(AboutPage, {});

  it('has one h1 and headings in order', () => {
    expect(headingsInOrder(out)).toBe(true);
  });

  it('sends organisations to the tailored training enquiry form instead of an email address', () => {
    expect(out).toContain('href="/enquiry"');
    expect(out).not.toContain('mailto:');
  });
});

describe('what the home and about pages promise', () => {
  // Certificates arrive with issue 11 and trainers following progress with cohorts (issue 12):
  // until then neither page says they exist.
  for (const [name, page] of [
    ['home', HomePage],
    ['about', AboutPage]
  ] as const) {
    it(`${name}: promises quizzes and progress, not certificates or cohorts yet`, () => {
      const text = textOf(renderHtml(page as never, {} as never));
      expect(text).not.toMatch(/certificat/i);
      expect(text).not.toMatch(/cohort/i);
      expect(text).toMatch(/quiz/i);
    });
  }

  it('home: says where progress is followed', () => {
    expect(textOf(renderHtml(HomePage, {} as never))).toContain('see your progress and quiz results in My learning');
  });
});
