import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';

/**
 * An audit of backend/content itself, written independently of the importer's validator (its
 * own parsing, matching and number extraction), so a bug in one does not hide a problem in the
 * content: every lesson cites a passage that really is in the publication's
 * source_text, and every number the course shows learners appears in what it cites.
 */

const CONTENT = fileURLToPath(new URL('../../../../content', import.meta.url));

/* eslint-disable @typescript-eslint/no-explicit-any */
const load = (folder: string): any[] =>
  readdirSync(join(CONTENT, folder))
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => ({ file: `${folder}/${f}`, ...parse(readFileSync(join(CONTENT, folder, f), 'utf8')) }));

const publications = load('publications');
const modules = load('modules');
const courses = load('courses');
const glossary = parse(readFileSync(join(CONTENT, 'glossary.yaml'), 'utf8')).terms as any[];
const bySlug = new Map(publications.map((p) => [p.slug as string, p]));

const squash = (s: string) => s.split(/\s+/).filter(Boolean).join(' ');

/**
 * Numbers written in digits. Ordered-list markers at the start of a line ("1. ", "  2. ") are
 * removed first, in lessons and sources alike: they number items of a list, they state no fact,
 * and keeping them in the sources would let any small number in a lesson pass unchecked.
 */
const numbers = (text: string): string[] =>
  (text.replace(/^\s*\d+\.\s/gm, '').match(/\d[\d,.]*\d|\d/g) ?? []).map((n) => n.replace(/,/g, '').replace(/\.$/, ''));

function expectNumbersFrom(text: string, cited: string[], where: string): void {
  const known = new Set(cited.flatMap((slug) => numbers(bySlug.get(slug)?.source_text ?? '')));
  const invented = numbers(text).filter((n) => !known.has(n));
  expect(invented, `${where}: numbers not in ${cited.join(', ')}`).toEqual([]);
}

function expectPassage(ref: { publication: string; passage: string } | undefined, where: string): void {
  expect(ref, `${where} has a source`).toBeDefined();
  const publication = bySlug.get(ref!.publication);
  expect(publication, `${where}: publication ${ref!.publication} exists`).toBeDefined();
  expect(squash(publication.source_text), `${where}: passage is verbatim in ${ref!.publication}`).toContain(squash(ref!.passage));
}

describe('the content inventory', () => {
  it('has the five publications of the library, as the source names them', () => {
    expect(publications.map((p) => [p.title, p.publisher])).toEqual(
      expect.arrayContaining([
        ['Behaviour change communications campaigns targeting the demand', 'The Freedom Fund'],
        ['Combating Modern Slavery through Data, Technology and Partnerships', 'Liberty Shared'],
        ['Ending Forced Labour by 2030: A Review of Policies and Programmes', 'International Labour Organisation (ILO)'],
        [
          'Understanding and Responding to Modern Slavery within the Homelessness Sector',
          'Independent Anti-Slavery Commissioner (report researched by The Passage)',
        ],
        ['2019 Labor Trafficking Protocol Guidelines', 'The Advocates for Human Rights'],
      ]),
    );
    expect(publications).toHaveLength(5);
  });

  it('gives dates only as precisely as the source, and no date or region the source does not give', () => {
    const facts = Object.fromEntries(publications.map((p) => [p.slug, { date: p.date, region: p.region }]));
    expect(facts).toEqual({
      // Kathmandu is where a future campaign might be aimed, not the review's scope.
      'behaviour-change-communications-campaigns': { date: '2019-01', region: null },
      'data-technology-and-partnerships': { date: null, region: null },
      'ending-forced-labour-by-2030': { date: null, region: null },
      'modern-slavery-and-homelessness': { date: '2017-01', region: 'England' },
      'labour-trafficking-protocol-guidelines': { date: '2019-01-31', region: 'Minnesota' },
    });
  });

  it('invents no address: the source says "can be found here" but gives none', () => {
    for (const p of publications) expect(p.source_url, p.file).toBeNull();
    const all = [...publications, ...modules, ...courses].map((x) => JSON.stringify(x)).join('\n');
    expect(all).not.toMatch(/https?:\/\/|www\./);
  });

  it('records the funding of the protocol guidelines', () => {
    const advocates = bySlug.get('labour-trafficking-protocol-guidelines');
    expect(advocates.credit.text).toContain(
      'Office for Victims of Crime, Office of Justice Programs, U.S. Department of Justice, and the Minnesota Department of Health',
    );
  });

  it('has one module per publication, each with key findings, practice and objectives (its quiz: assessment/content/quiz-bank.spec.ts)', () => {
    expect(modules.map((m) => m.publication).sort()).toEqual(publications.map((p) => p.slug).sort());
    for (const m of modules) {
      // The README's convention: key findings (context included), then practice, then at most one synthesis lesson.
      expect(
        m.lessons.filter((l: any) => !l.synthesis).map((l: any) => l.slug),
        m.file,
      ).toEqual(['key-findings', 'what-it-means-for-practice']);
      expect(
        m.lessons.slice(0, 2).every((l: any) => !l.synthesis),
        m.file,
      ).toBe(true);
      expect(m.learning_objectives.length, `${m.file} objectives`).toBeGreaterThan(0);
      for (const l of m.lessons) {
        const cited = new Set(l.sources.map((x: any) => x.publication));
        if (l.synthesis) expect(cited.size, `${m.file} ${l.slug}`).toBeGreaterThanOrEqual(2);
        else expect([...cited], `${m.file} ${l.slug} cites only its module's publication`).toEqual([m.publication]);
      }
      expect(m.quiz, `${m.file}: questions live in quizzes/`).toBeUndefined();
    }
  });

  it('has one lesson drawing Liberty Shared, The Passage and the Advocates together, in a module both courses teach', () => {
    const synthesis = modules.flatMap((m) => m.lessons.filter((l: any) => l.synthesis).map((l: any) => ({ module: m.slug, lesson: l })));
    expect(synthesis).toHaveLength(1);
    const cited = new Set(synthesis[0]!.lesson.sources.map((x: any) => x.publication));
    expect([...cited].sort()).toEqual(['data-technology-and-partnerships', 'labour-trafficking-protocol-guidelines', 'modern-slavery-and-homelessness']);
    for (const c of courses)
      expect(
        c.modules.map((e: any) => e.module),
        c.file,
      ).toContain(synthesis[0]!.module);
  });

  it('locks no module behind another: nothing in the sources says one builds on another', () => {
    for (const c of courses) for (const e of c.modules) expect(e.requires, `${c.file} ${e.module}`).toBeUndefined();
  });

  it('gives every lesson a time inside the range its words and activities allow', () => {
    for (const m of modules) {
      for (const l of m.lessons) {
        const words = l.body.split(/\s+/).filter((t: string) => /[A-Za-z0-9]/.test(t)).length;
        const activities = (l.body.match(/\?(\s|\*|$)/g) ?? []).length + (l.body.match(/^\s*\|\s*-{3}/gm) ?? []).length;
        const min = Math.max(1, Math.ceil(words / 200) + 2 * activities);
        const max = Math.ceil(words / 120) + 3 * activities;
        expect(l.estimated_minutes, `${m.file} ${l.slug}: ${words} words, ${activities} activities`).toBeGreaterThanOrEqual(min);
        expect(l.estimated_minutes, `${m.file} ${l.slug}: ${words} words, ${activities} activities`).toBeLessThanOrEqual(max);
      }
    }
  });

  it('puts a content note on every course whose lessons carry one', () => {
    for (const c of courses) {
      const notes = c.modules.flatMap((e: any) =>
        modules
          .find((m) => m.slug === e.module)!
          .lessons.map((l: any) => l.content_note)
          .filter(Boolean),
      );
      if (notes.length) expect(c.content_note, c.file).toEqual(expect.any(String));
    }
  });

  it('labels every glossary entry as the course’s own explanation, found in a publication and used by a lesson', () => {
    expect(glossary.map((t) => t.slug).sort()).toEqual(
      ['big-data', 'descriptive-norm', 'enforcement', 'injunctive-norm', 'prevention', 'protection', 'remedies', 'thick-data'].sort(),
    );
    const used = new Set(modules.flatMap((m) => m.lessons.flatMap((l: any) => l.glossary_terms ?? [])));
    for (const t of glossary) {
      expect(t.label, t.slug).toBe('course-explanation');
      expect(used.has(t.slug), `${t.slug} is used`).toBe(true);
      for (const ref of t.appears_in) expectPassage(ref, `glossary ${t.slug}`);
    }
    // The definitions left the lessons: no lesson explains the terms itself any more.
    const bodies = modules.flatMap((m) => m.lessons.map((l: any) => l.body)).join('\n');
    expect(bodies).not.toMatch(/A note on the terms|In a word/);
  });

  it('has a Foundations course with all five modules and a shorter sector course', () => {
    const foundations = courses.find((c) => c.slug === 'foundations');
    expect(foundations.title).toBe('Foundations');
    expect(foundations.modules.map((m: any) => m.module).sort()).toEqual(modules.map((m) => m.slug).sort());
    const sector = courses.filter((c) => c.slug !== 'foundations');
    expect(sector.length).toBeGreaterThanOrEqual(1);
    for (const c of sector) expect(c.modules.length).toBeLessThan(foundations.modules.length);
    for (const c of courses) expect(c.pass_mark, c.file).toBe(70);
  });
});

describe('every statement has a source that exists and says it', () => {
  for (const p of publications) {
    it(`${p.file}: title, findings, figures and credit are quoted from its source_text`, () => {
      expect(squash(p.source_text)).toContain(squash(p.title));
      for (const f of p.findings) expectPassage({ publication: p.slug, passage: f.passage }, `${p.file} finding "${f.text}"`);
      for (const f of p.figures) {
        expectPassage({ publication: p.slug, passage: f.passage }, `${p.file} figure ${f.value}`);
        expect(numbers(f.passage), `${p.file} figure ${f.value}`).toEqual(expect.arrayContaining(numbers(String(f.value))));
      }
      if (p.credit) expectPassage({ publication: p.slug, passage: p.credit.passage }, `${p.file} credit`);
    });
  }

  for (const m of modules) {
    it(`${m.file}: every lesson cites a passage of an existing publication`, () => {
      for (const l of m.lessons) {
        expect(l.sources.length, `${m.file} ${l.slug}`).toBeGreaterThan(0);
        for (const s of l.sources) expectPassage(s, `${m.file} lesson ${l.slug}`);
      }
    });
  }
});

describe('every number shown to learners appears in the source it cites', () => {
  for (const p of publications) {
    it(`${p.file}: summary, findings and figure labels`, () => {
      expectNumbersFrom(p.summary, [p.slug], `${p.file} summary`);
      for (const f of p.findings) expectNumbersFrom(f.text, [p.slug], `${p.file} finding`);
      for (const f of p.figures) expectNumbersFrom(`${f.value} ${f.label}`, [p.slug], `${p.file} figure`);
    });
  }

  for (const m of modules) {
    it(`${m.file}: lesson bodies, titles, objectives and notes`, () => {
      expectNumbersFrom(`${m.title}\n${m.summary}\n${m.learning_objectives.join('\n')}`, [m.publication], `${m.file} module`);
      for (const l of m.lessons) {
        const cited = l.sources.map((s: any) => s.publication);
        const text = [l.title, ...l.learning_objectives, l.content_note ?? '', l.body].join('\n');
        expectNumbersFrom(text, cited, `${m.file} lesson ${l.slug}`);
      }
    });
  }

  for (const c of courses) {
    it(`${c.file}: title, summary, audience and objectives`, () => {
      const cited = c.modules.map((entry: any) => modules.find((m) => m.slug === entry.module)?.publication);
      const text = [c.title, c.summary, c.audience, c.content_note ?? '', ...c.learning_objectives].join('\n');
      expectNumbersFrom(text, cited, c.file);
    });
  }

  it('glossary definitions: numbers only from where the term appears', () => {
    for (const t of glossary)
      expectNumbersFrom(
        t.definition,
        t.appears_in.map((r: any) => r.publication),
        `glossary ${t.slug}`,
      );
  });

  it('the number check is not vacuous: the content does quote figures', () => {
    const bodies = modules.flatMap((m) => m.lessons.map((l: any) => l.body)).join('\n');
    expect(numbers(bodies)).toEqual(expect.arrayContaining(['28', '25', '4', '18', '2030', '2025', '2014', '61', '2', '100', '6']));
  });
});
