import { describe, expect, it } from 'vitest';
import { validateContent } from './content.validator.js';
import { formatProblem, YamlFile } from './yaml-file.js';

const PUBLICATION = `slug: sample-report
title: A Sample Report on Things
publisher: Example Organisation
date: "2019-01"
region: England
topics: [homelessness, data]
summary: A report that made use of 61 online surveys.
findings:
  - kind: finding
    text: People were vulnerable.
    passage: "individuals were vulnerable to exploitation"
figures:
  - value: "61"
    label: online surveys
    passage: "The report made use of 61 online surveys"
credit: null
source_url: null
source_text: |
  A Sample Report on Things

  The report made use of 61 online surveys and 2 focus groups.
  The key findings were that individuals were vulnerable to exploitation.
`;

const MODULE = `slug: sample-module
title: Sample module
summary: What the sample report found.
publication: sample-report
lessons:
  - slug: context-and-purpose
    title: Context and purpose
    estimated_minutes: 8
    learning_objectives:
      - Describe the report.
    sources:
      - publication: sample-report
        passage: "The report made use of 61 online surveys and 2 focus groups."
    body: |
      ## Method

      The report used 61 online surveys and 2 focus groups.
`;

const COURSE = `slug: sample-course
title: Sample course
status: published
pass_mark: 70
summary: A course built from the sample report.
audience: Anyone.
learning_objectives:
  - Understand the sample report.
modules:
  - module: sample-module
`;

interface Files {
  publication?: string;
  module?: string;
  course?: string;
}

function validate(files: Files = {}) {
  return validateContent({
    publications: [YamlFile.parse('content/publications/sample-report.yaml', files.publication ?? PUBLICATION)],
    modules: [YamlFile.parse('content/modules/sample-module.yaml', files.module ?? MODULE)],
    courses: [YamlFile.parse('content/courses/sample-course.yaml', files.course ?? COURSE)],
  });
}

/** The problem messages, formatted as the CLI prints them. */
const messages = (files: Files) => validate(files).problems.map(formatProblem);

/** The 1-based line of the first line of `text` that contains `needle`. */
const lineOf = (text: string, needle: string, from = 0) => {
  const index = text.indexOf(needle, from);
  expect(index, `fixture contains ${needle}`).toBeGreaterThanOrEqual(0);
  return text.slice(0, index).split('\n').length;
};

describe('validateContent', () => {
  it('accepts valid content and returns it typed', () => {
    const { bundle, problems } = validate();
    expect(problems).toEqual([]);
    expect(bundle?.publications[0]).toMatchObject({ slug: 'sample-report', date: { year: 2019, month: 1, day: null }, region: 'England' });
    expect(bundle?.modules[0]?.lessons[0]).toMatchObject({ slug: 'context-and-purpose', estimatedMinutes: 8, contentNote: null });
    expect(bundle?.courses[0]).toMatchObject({ status: 'published', passMark: 70, modules: [{ module: 'sample-module', requires: [] }] });
  });

  it('refuses a passage that is not in the publication source text, at the passage line', () => {
    const module = MODULE.replace('passage: "The report made use of 61 online surveys and 2 focus groups."', 'passage: "individuals were never vulnerable"');
    expect(messages({ module })).toEqual([
      `content/modules/sample-module.yaml:${lineOf(module, 'never vulnerable')}: lesson context-and-purpose: passage "individuals were never vulnerable" is not in the source_text of sample-report`,
    ]);
  });

  it('matches passages whatever their whitespace', () => {
    const module = MODULE.replace(
      '"The report made use of 61 online surveys and 2 focus groups."',
      '"The report  made use of 61\\n online surveys and 2 focus groups."',
    );
    expect(validate({ module }).problems).toEqual([]);
  });

  it('refuses a source naming a publication that does not exist', () => {
    const module = MODULE.replace(
      '      - publication: sample-report\n        passage: "The report made use',
      '      - publication: no-such-report\n        passage: "The report made use',
    );
    expect(messages({ module })).toEqual([
      `content/modules/sample-module.yaml:${lineOf(module, 'no-such-report')}: lesson context-and-purpose: publication "no-such-report" does not exist (no backend/content/publications/no-such-report.yaml)`,
    ]);
  });

  it('refuses a number in a lesson body that no cited source contains, at its line in the body', () => {
    const module = MODULE.replace('The report used 61 online surveys', 'The report used 62 online surveys');
    expect(messages({ module })).toEqual([
      `content/modules/sample-module.yaml:${lineOf(module, 'used 62')}: lesson context-and-purpose: body: the number 62 does not appear in the source text of sample-report; every figure must come from a cited source`,
    ]);
  });

  it('does not count ordered-list numbering as figures', () => {
    const module = MODULE.replace(
      '      The report used 61 online surveys and 2 focus groups.',
      '      7. The report used 61 online surveys.\n      8. And 2 focus groups.',
    );
    expect(validate({ module }).problems).toEqual([]);
  });

  it('refuses a figure whose value is not in its passage, and a summary number not in the source', () => {
    const publication = PUBLICATION.replace('  - value: "61"', '  - value: "16"').replace(
      'made use of 61 online surveys.\n',
      'made use of 99 online surveys.\n',
    );
    expect(messages({ publication })).toEqual([
      `content/publications/sample-report.yaml:${lineOf(publication, 'made use of 99')}: publication sample-report: summary: the number 99 does not appear in the source text of sample-report; every figure must come from a cited source`,
      `content/publications/sample-report.yaml:${lineOf(publication, 'value: "16"')}: publication sample-report: figures[0].value: the number 16 does not appear in the source text of its passage; every figure must come from a cited source`,
    ]);
  });

  it('refuses a title that is not in the source text', () => {
    const publication = PUBLICATION.replace('title: A Sample Report on Things', 'title: An Invented Title');
    expect(messages({ publication })).toEqual([
      `content/publications/sample-report.yaml:2: publication sample-report: title "An Invented Title" does not appear in source_text`,
    ]);
  });

  it('reports an unknown field at its key, and a missing one at its parent', () => {
    const module = MODULE.replace('    estimated_minutes: 8\n', '    estimated_minuts: 8\n');
    expect(messages({ module })).toEqual([
      `content/modules/sample-module.yaml:${lineOf(module, '  - slug: context-and-purpose')}: lesson context-and-purpose: missing field "estimated_minutes"`,
      `content/modules/sample-module.yaml:${lineOf(module, 'estimated_minuts')}: lesson context-and-purpose: unknown field "estimated_minuts" (expected one of: slug, title, estimated_minutes, learning_objectives, sources, body, content_note)`,
    ]);
  });

  it('checks dates: as precise as given, and real', () => {
    const bad = (date: string) => messages({ publication: PUBLICATION.replace('date: "2019-01"', `date: ${date}`) });
    expect(bad('"2019-02-30"')).toEqual(['content/publications/sample-report.yaml:4: publication sample-report: date "2019-02-30" is not a real date']);
    expect(bad('January 2019')[0]).toContain('date must be null or a quoted "YYYY", "YYYY-MM" or "YYYY-MM-DD"');
    expect(validate({ publication: PUBLICATION.replace('date: "2019-01"', 'date: null') }).bundle?.publications[0]?.date).toBeNull();
    expect(validate({ publication: PUBLICATION.replace('date: "2019-01"', 'date: "2019-01-31"') }).bundle?.publications[0]?.date).toEqual({
      year: 2019,
      month: 1,
      day: 31,
    });
  });

  it('refuses a quiz section: quizzes live in quizzes/<module>.yaml, read by the assessment module', () => {
    const module = `${MODULE}quiz:\n  - id: q1\n`;
    expect(messages({ module })).toEqual([
      `content/modules/sample-module.yaml:${lineOf(module, 'quiz:')}: module sample-module: quiz: a module's questions live in quizzes/sample-module.yaml (backend/content/README.md)`,
    ]);
  });

  it('refuses raw HTML and level-1 headings in a lesson body, at their line', () => {
    const module = MODULE.replace('      ## Method\n', '      # Method\n\n      <script>alert("x")</script>\n');
    expect(messages({ module })).toEqual([
      `content/modules/sample-module.yaml:${lineOf(module, '# Method')}: lesson context-and-purpose: body: use "##" or deeper headings: the lesson title is the level-1 heading`,
      `content/modules/sample-module.yaml:${lineOf(module, '<script>')}: lesson context-and-purpose: body: raw HTML is not allowed in a lesson, use Markdown: <script>alert("x")</script>`,
    ]);
  });

  it('checks course modules exist and prerequisites come earlier in the course', () => {
    const course = COURSE.replace('  - module: sample-module\n', '  - module: sample-module\n    requires: [later-module]\n  - module: later-module\n');
    expect(messages({ course })).toEqual([
      `content/courses/sample-course.yaml:${lineOf(course, 'requires:')}: course sample-course: module "sample-module" requires "later-module", which is not an earlier module of this course`,
      `content/courses/sample-course.yaml:${lineOf(course, '  - module: later-module')}: course sample-course: module "later-module" does not exist (no backend/content/modules/later-module.yaml)`,
    ]);
  });

  it('requires the slug to match the file name', () => {
    const course = COURSE.replace('slug: sample-course', 'slug: other-course');
    expect(messages({ course })).toEqual([
      'content/courses/sample-course.yaml:1: course other-course: slug "other-course" must match the file name "sample-course"',
    ]);
  });

  it('reports YAML syntax errors with their line and stops there', () => {
    const module = MODULE.replace('    title: Context and purpose\n', '    title: Context and purpose\n    title: Twice\n');
    const problems = messages({ module });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(new RegExp(`^content/modules/sample-module\\.yaml:${lineOf(module, 'title: Twice')}: invalid YAML: Map keys must be unique`));
  });

  it('collects every problem in one pass', () => {
    const module = MODULE.replace('title: Sample module', 'title: ""').replace('estimated_minutes: 8', 'estimated_minutes: 0');
    const publication = PUBLICATION.replace('region: England', 'region: ""');
    expect(messages({ module, publication })).toHaveLength(3);
  });
});
