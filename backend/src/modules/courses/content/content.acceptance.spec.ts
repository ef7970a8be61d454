import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONTENT_DIR } from './content.loader.js';
import { validateContent } from './content.validator.js';
import { formatProblem, YamlFile } from './yaml-file.js';

/**
 * Issue #13's acceptance test: the validator passes the real backend/content, and refuses it
 * after each one small change that breaks a rule (a passage not in its publication, a figure not
 * in the cited text, a module without objectives, a sensitive lesson without a note, minutes
 * outside the derived range, ...).
 */

const FOLDERS = ['publications', 'modules', 'courses'] as const;
const real = new Map<string, string>();
for (const folder of FOLDERS) {
  for (const name of readdirSync(join(DEFAULT_CONTENT_DIR, folder)).filter((n) => n.endsWith('.yaml'))) {
    real.set(`${folder}/${name}`, readFileSync(join(DEFAULT_CONTENT_DIR, folder, name), 'utf8'));
  }
}
real.set('glossary.yaml', readFileSync(join(DEFAULT_CONTENT_DIR, 'glossary.yaml'), 'utf8'));

interface Mutation {
  file: string;
  from: string;
  to: string;
}

/** Validates the real content with each mutation applied (each `from` must occur exactly once). */
function validateWith(...mutations: Mutation[]): string[] {
  const files = new Map(real);
  for (const m of mutations) {
    const text = files.get(m.file);
    expect(text, m.file).toBeDefined();
    expect(text!.split(m.from).length - 1, `${m.file} contains "${m.from}" once`).toBe(1);
    files.set(m.file, text!.replace(m.from, m.to));
  }
  const parse = (folder: string) =>
    [...files.entries()]
      .filter(([path]) => path.startsWith(`${folder}/`))
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([path, text]) => YamlFile.parse(`content/${path}`, text));
  const { problems } = validateContent({
    publications: parse('publications'),
    modules: parse('modules'),
    courses: parse('courses'),
    glossary: YamlFile.parse('content/glossary.yaml', files.get('glossary.yaml')!),
  });
  return problems.map(formatProblem);
}

const ILO = 'modules/ending-forced-labour-2030.yaml';
const HOMELESSNESS = 'modules/modern-slavery-homelessness.yaml';
const PROTOCOLS = 'modules/labour-trafficking-protocols.yaml';
const CAMPAIGNS = 'modules/behaviour-change-campaigns.yaml';
const DATA = 'modules/data-technology-partnerships.yaml';

describe('the content of backend/content', () => {
  it('passes every rule as it is', () => {
    expect(validateWith()).toEqual([]);
  });

  it('fails on a lesson citing a passage that is not in its publication', () => {
    const problems = validateWith({
      file: HOMELESSNESS,
      from: '        passage: "This report focuses on modern slavery and homelessness within England."',
      to: '        passage: "This report focuses on modern slavery and homelessness within the United Kingdom."',
    });
    expect(problems).toEqual([
      expect.stringMatching(
        /^content\/modules\/modern-slavery-homelessness\.yaml:\d+: lesson key-findings: passage "This report focuses.*" is not in the source_text of modern-slavery-and-homelessness$/,
      ),
    ]);
  });

  it('fails on a figure that the cited text does not contain', () => {
    const problems = validateWith({
      file: ILO,
      from: 'there were **around 25 million people** subjected',
      to: 'there were **around 27 million people** subjected',
    });
    expect(problems).toEqual([
      expect.stringMatching(
        /^content\/modules\/ending-forced-labour-2030\.yaml:\d+: lesson key-findings: body: the number 27 does not appear in the source text of ending-forced-labour-by-2030; every figure must come from a cited source$/,
      ),
    ]);
  });

  it('fails on a module without learning objectives', () => {
    const text = real.get(DATA)!;
    const block = text.slice(text.indexOf('learning_objectives:\n  - '), text.indexOf('lessons:\n'));
    expect(validateWith({ file: DATA, from: block, to: '' })).toEqual([
      expect.stringMatching(/^content\/modules\/data-technology-partnerships\.yaml:\d+: module: missing field "learning_objectives"$/),
    ]);
  });

  it('fails on a sensitive lesson without a note, by the written rule', () => {
    // The key-findings lesson of the protocol guidelines discusses young victims in their early 20s and younger.
    const problems = validateWith({ file: PROTOCOLS, from: '    content_note: This lesson discusses the labour trafficking of young people.\n', to: '' });
    expect(problems).toEqual([
      expect.stringMatching(
        /^content\/modules\/labour-trafficking-protocols\.yaml:\d+: lesson key-findings: lesson discusses children and young people: it needs a content_note naming it \(README, "Content notes"\)$/,
      ),
    ]);
  });

  it('fails on a note naming a subject its lesson never discusses (the old Freedom Fund practice note)', () => {
    const problems = validateWith({
      file: CAMPAIGNS,
      from: '    title: What it means for practice\n    estimated_minutes: 16\n',
      to: '    title: What it means for practice\n    estimated_minutes: 16\n    content_note: This lesson refers to campaigns on child sexual exploitation.\n',
    });
    expect(problems).toEqual([
      expect.stringMatching(
        /lesson what-it-means-for-practice: content_note names children and young people, sexual violence or sexual exploitation, which the lesson never discusses$/,
      ),
    ]);
  });

  it('fails on a course whose note misses a subject its lessons discuss', () => {
    const problems = validateWith({
      file: 'courses/homelessness-and-labour-exploitation.yaml',
      from: 'Some lessons discuss the labour\n  trafficking of young people, and homelessness',
      to: 'Some lessons discuss homelessness',
    });
    expect(problems).toEqual([
      expect.stringMatching(
        /course homelessness-and-labour-exploitation: content_note does not name children and young people, which the course \(in its lessons\) discusses$/,
      ),
    ]);
  });

  it('fails on estimated_minutes outside the range derived from words and activities', () => {
    const problems = validateWith({
      file: ILO,
      from: '    title: "What the review says: the scale, the targets and the protocol"\n    estimated_minutes: 3\n',
      to: '    title: "What the review says: the scale, the targets and the protocol"\n    estimated_minutes: 10\n',
    });
    expect(problems).toEqual([
      expect.stringMatching(/lesson key-findings: estimated_minutes is 10, but \d+ words and 0 activities \(0 questions, 0 tables\) allow 2 to 3$/),
    ]);
  });

  it('fails on an identification prompt that does not say to refer, not to investigate', () => {
    const problems = validateWith({
      file: PROTOCOLS,
      from: "      Their part is to notice and to refer: to pass a concern on through your organisation's\n      safeguarding procedure, not to investigate it themselves or to question the person about\n      what has happened to them.\n",
      to: '',
    });
    expect(problems).toEqual([
      expect.stringMatching(
        /lesson what-it-means-for-practice: body asks staff to look for signs of exploitation: it must also say that their part is to refer a concern, not to investigate it$/,
      ),
    ]);
  });

  it('fails on a synthesis lesson citing a publication that a course containing it does not teach', () => {
    const problems = validateWith({
      file: 'courses/foundations.yaml',
      from: '  - module: labour-trafficking-protocols\n',
      to: '',
    });
    expect(problems).toEqual([
      expect.stringMatching(/lesson drawing-the-publications-together: cites labour-trafficking-protocol-guidelines, which course foundations does not teach/),
    ]);
  });

  it('fails on a glossary entry presented as a publication’s finding', () => {
    const problems = validateWith({
      file: 'glossary.yaml',
      from: '      What people believe others actually do.',
      to: '      According to the paper, what people believe others actually do.',
    });
    expect(problems).toEqual([
      expect.stringMatching(
        /term descriptive-norm: definition must be the course's own explanation, not read as a publication's finding: it says "According to"$/,
      ),
    ]);
  });
});
