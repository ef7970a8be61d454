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
      'behaviour-change-communications-campaigns': { date: '2019-01', region: 'Kathmandu' },
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

  it('has one module per publication, each with the three lessons (its quiz: assessment/content/quiz-bank.spec.ts)', () => {
    expect(modules.map((m) => m.publication).sort()).toEqual(publications.map((p) => p.slug).sort());
    for (const m of modules) {
      expect(
        m.lessons.map((l: any) => l.slug),
        m.file,
      ).toEqual(['context-and-purpose', 'key-findings', 'what-it-means-for-practice']);
      expect(m.quiz, `${m.file}: questions live in quizzes/`).toBeUndefined();
    }
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
      expectNumbersFrom(`${m.title}\n${m.summary}`, [m.publication], `${m.file} module`);
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
      const text = [c.title, c.summary, c.audience, ...c.learning_objectives].join('\n');
      expectNumbersFrom(text, cited, c.file);
    });
  }

  it('the number check is not vacuous: the content does quote figures', () => {
    const bodies = modules.flatMap((m) => m.lessons.map((l: any) => l.body)).join('\n');
    expect(numbers(bodies)).toEqual(expect.arrayContaining(['28', '25', '4', '18', '2030', '2025', '2014', '61', '2', '100', '6']));
  });
});
