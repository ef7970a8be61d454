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
learning_objectives:
  - Describe the sample report.
lessons:
  - slug: context-and-purpose
    title: Context and purpose
    estimated_minutes: 1
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

/** A second publication, for the rules about lessons citing more than their module's. */
const OTHER_PUBLICATION = `slug: other-report
title: Another Report
publisher: Other Organisation
date: null
region: null
topics: [partnerships]
summary: A report on partnerships.
findings: []
figures: []
credit: null
source_url: null
source_text: |
  Another Report

  Partnerships can maximise the impact of organisations with varied strengths.
`;

const GLOSSARY = `terms:
  - slug: focus-group
    term: Focus group
    label: course-explanation
    definition: A small group of people asked to discuss a subject together.
    appears_in:
      - publication: sample-report
        passage: "61 online surveys and 2 focus groups"
`;

interface Files {
  publication?: string;
  module?: string;
  course?: string;
  otherPublication?: boolean;
  glossary?: string;
}

function validate(files: Files = {}) {
  return validateContent({
    publications: [
      YamlFile.parse('content/publications/sample-report.yaml', files.publication ?? PUBLICATION),
      ...(files.otherPublication ? [YamlFile.parse('content/publications/other-report.yaml', OTHER_PUBLICATION)] : []),
    ],
    modules: [YamlFile.parse('content/modules/sample-module.yaml', files.module ?? MODULE)],
    courses: [YamlFile.parse('content/courses/sample-course.yaml', files.course ?? COURSE)],
    glossary: files.glossary === undefined ? null : YamlFile.parse('content/glossary.yaml', files.glossary),
  });
}

const BODY_LINE = '      The report used 61 online surveys and 2 focus groups.\n';
/** The fixture module with its first lesson's body extended by `lines` (already indented). */
const withBody = (lines: string, module = MODULE) => module.replace(BODY_LINE, `${BODY_LINE}${lines}`);

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
    expect(bundle?.modules[0]?.lessons[0]).toMatchObject({
      slug: 'context-and-purpose',
      estimatedMinutes: 1,
      contentNote: null,
      synthesis: false,
      glossaryTerms: [],
    });
    expect(bundle?.modules[0]?.objectives).toEqual(['Describe the sample report.']);
    expect(bundle?.courses[0]?.contentNote).toBeNull();
    expect(bundle?.glossary).toEqual([]);
    expect(bundle?.courses[0]).toMatchObject({ status: 'published', passMark: 70, modules: [{ module: 'sample-module', requires: [] }] });
  });

  it('reads an optional validity period in months (recertification), 1-120', () => {
    expect(validate().bundle?.courses[0]?.validityMonths).toBeNull();
    const withValidity = (v: string) => COURSE.replace('pass_mark: 70', `pass_mark: 70\nvalidity_months: ${v}`);
    expect(validate({ course: withValidity('12') }).bundle?.courses[0]?.validityMonths).toBe(12);
    expect(messages({ course: withValidity('0') })).toEqual([expect.stringContaining('validity_months')]);
    expect(messages({ course: withValidity('twelve') })).toEqual([expect.stringContaining('validity_months')]);
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
    const module = MODULE.replace('    estimated_minutes: 1\n', '    estimated_minuts: 1\n');
    expect(messages({ module })).toEqual([
      `content/modules/sample-module.yaml:${lineOf(module, '  - slug: context-and-purpose')}: lesson context-and-purpose: missing field "estimated_minutes"`,
      `content/modules/sample-module.yaml:${lineOf(module, 'estimated_minuts')}: lesson context-and-purpose: unknown field "estimated_minuts" (expected one of: slug, title, estimated_minutes, learning_objectives, sources, body, content_note, synthesis, glossary_terms)`,
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

  it('requires learning objectives on a module', () => {
    const module = MODULE.replace('learning_objectives:\n  - Describe the sample report.\n', '');
    expect(messages({ module })).toEqual(['content/modules/sample-module.yaml:1: module: missing field "learning_objectives"']);
    const empty = MODULE.replace('learning_objectives:\n  - Describe the sample report.\n', 'learning_objectives: []\n');
    expect(messages({ module: empty })).toEqual([
      `content/modules/sample-module.yaml:${lineOf(empty, 'learning_objectives: []')}: module sample-module: learning_objectives has 0 item(s); it needs 1 to 100`,
    ]);
    const invented = MODULE.replace('  - Describe the sample report.', '  - Describe the 3 findings of the sample report.');
    expect(messages({ module: invented })[0]).toContain('learning_objectives[0]: the number 3 does not appear in the source text of sample-report');
  });

  describe('content notes (README, "Content notes")', () => {
    const homeless = withBody('\n      Some of the people were homeless.\n');

    it('requires a note on a lesson whose body mentions a listed subject', () => {
      expect(messages({ module: homeless })).toEqual([
        `content/modules/sample-module.yaml:${lineOf(homeless, '  - slug: context-and-purpose')}: lesson context-and-purpose: lesson discusses homelessness: it needs a content_note naming it (README, "Content notes")`,
      ]);
    });

    it('requires a note when only a cited passage mentions the subject', () => {
      const publication = PUBLICATION.replace('exploitation.\n', 'exploitation.\n  Children were among those surveyed.\n');
      const module = MODULE.replace(
        '        passage: "The report made use of 61 online surveys and 2 focus groups."\n',
        '        passage: "The report made use of 61 online surveys and 2 focus groups."\n      - publication: sample-report\n        passage: "Children were among those surveyed."\n',
      );
      expect(messages({ publication, module })).toEqual([
        `content/modules/sample-module.yaml:${lineOf(module, '  - slug: context-and-purpose')}: lesson context-and-purpose: lesson discusses children and young people: it needs a content_note naming it (README, "Content notes")`,
      ]);
    });

    it('refuses a note naming a subject the lesson never discusses, and one that misses a subject it does', () => {
      const noted = (note: string) =>
        homeless.replace(
          '    sources:\n      - publication: sample-report\n        passage: "The report made',
          `    content_note: ${note}\n    sources:\n      - publication: sample-report\n        passage: "The report made`,
        );
      const course = COURSE.replace('learning_objectives:', 'content_note: Some lessons discuss homelessness.\nlearning_objectives:');
      const extra = noted('This lesson discusses homelessness and child sexual exploitation.');
      expect(messages({ module: extra, course })).toEqual([
        `content/courses/sample-course.yaml:${lineOf(course, 'content_note:')}: course sample-course: content_note does not name children and young people, sexual violence or sexual exploitation, which the course (in its lessons) discusses`,
        `content/modules/sample-module.yaml:${lineOf(extra, 'content_note:')}: lesson context-and-purpose: content_note names children and young people, sexual violence or sexual exploitation, which the lesson never discusses`,
      ]);
      const wrong = noted('This lesson discusses violence.');
      expect(messages({ module: wrong })).toEqual([
        `content/courses/sample-course.yaml:1: course sample-course: course (in its lessons) discusses violence: it needs a content_note naming it (README, "Content notes")`,
        `content/modules/sample-module.yaml:${lineOf(wrong, 'content_note:')}: lesson context-and-purpose: content_note does not name homelessness, which the lesson discusses`,
        `content/modules/sample-module.yaml:${lineOf(wrong, 'content_note:')}: lesson context-and-purpose: content_note names violence, which the lesson never discusses`,
      ]);
      expect(messages({ module: noted('This lesson discusses homelessness.'), course })).toEqual([]);
    });

    it('does not take "the homelessness sector" for the subject', () => {
      expect(messages({ module: withBody('\n      Staff in the homelessness sector took part.\n') })).toEqual([]);
    });
  });

  it('derives the minutes a lesson may claim from its words and activities', () => {
    const module = MODULE.replace('estimated_minutes: 1', 'estimated_minutes: 5');
    expect(messages({ module })).toEqual([
      `content/modules/sample-module.yaml:${lineOf(module, 'estimated_minutes: 5')}: lesson context-and-purpose: estimated_minutes is 5, but 11 words and 0 activities (0 questions, 0 tables) allow 1 to 1`,
    ]);
    // Two questions to the learner and a table: 3 activities, so 7 to 10 minutes.
    const active = withBody('\n      What did they find? Who took part?\n\n      | a | b |\n      | --- | --- |\n      | x | y |\n', module);
    expect(messages({ module: active })[0]).toContain('estimated_minutes is 5, but 22 words and 3 activities (2 questions, 1 tables) allow 7 to 10');
    expect(messages({ module: active.replace('estimated_minutes: 5', 'estimated_minutes: 8') })).toEqual([]);
  });

  it('makes an identification prompt say to refer, not to investigate', () => {
    const module = withBody('\n      Do staff know what to look for?\n');
    const minutes = module.replace('estimated_minutes: 1', 'estimated_minutes: 3');
    expect(messages({ module: minutes })).toEqual([
      `content/modules/sample-module.yaml:${lineOf(minutes, '    body: |')}: lesson context-and-purpose: body asks staff to look for signs of exploitation: it must also say that their part is to refer a concern, not to investigate it`,
    ]);
    const refer = minutes.replace(
      '      Do staff know what to look for?\n',
      '      Do staff know what to look for?\n      Their part is to refer a concern, not to investigate it.\n',
    );
    expect(messages({ module: refer })).toEqual([]);
  });

  describe('synthesis lessons', () => {
    const citeOther = MODULE.replace(
      '        passage: "The report made use of 61 online surveys and 2 focus groups."\n',
      '        passage: "The report made use of 61 online surveys and 2 focus groups."\n      - publication: other-report\n        passage: "Partnerships can maximise the impact"\n',
    );

    it('lets only a lesson marked synthesis cite another publication than its module’s', () => {
      expect(messages({ module: citeOther, otherPublication: true })).toEqual([
        `content/modules/sample-module.yaml:${lineOf(citeOther, '- publication: other-report') + 0}: lesson context-and-purpose: cites other-report, but the module is built from sample-report; only a lesson marked synthesis: true may cite other publications`,
      ]);
    });

    it('needs at least two publications, each taught by every course that contains the lesson', () => {
      const synthesis = citeOther.replace('    estimated_minutes: 1\n', '    estimated_minutes: 1\n    synthesis: true\n');
      expect(messages({ module: synthesis, otherPublication: true })).toEqual([
        `content/modules/sample-module.yaml:${lineOf(synthesis, '    sources:') + 1}: lesson context-and-purpose: cites other-report, which course sample-course does not teach: a synthesis lesson draws together what its courses teach`,
      ]);
      const single = MODULE.replace('    estimated_minutes: 1\n', '    estimated_minutes: 1\n    synthesis: true\n');
      expect(messages({ module: single })).toEqual([
        `content/modules/sample-module.yaml:${lineOf(single, '    sources:') + 1}: lesson context-and-purpose: a synthesis lesson draws publications together: it must cite at least two`,
      ]);
    });
  });

  describe('the glossary (README, "glossary.yaml")', () => {
    const using = MODULE.replace(
      '    sources:\n      - publication: sample-report\n        passage: "The report made',
      '    glossary_terms: [focus-group]\n    sources:\n      - publication: sample-report\n        passage: "The report made',
    );

    it('accepts a labelled entry that a lesson uses, and returns it', () => {
      const { bundle, problems } = validate({ module: using, glossary: GLOSSARY });
      expect(problems).toEqual([]);
      expect(bundle?.glossary).toEqual([
        {
          slug: 'focus-group',
          term: 'Focus group',
          label: 'course-explanation',
          definition: 'A small group of people asked to discuss a subject together.',
          appearsIn: [{ publication: 'sample-report', passage: '61 online surveys and 2 focus groups' }],
        },
      ]);
      expect(bundle?.modules[0]?.lessons[0]?.glossaryTerms).toEqual(['focus-group']);
    });

    it('refuses another label, a definition read as a finding, digits from nowhere, and a passage without the term', () => {
      const glossary = GLOSSARY.replace('label: course-explanation', 'label: finding')
        .replace('A small group of people', 'According to Example Organisation, 12 people')
        .replace('passage: "61 online surveys and 2 focus groups"', 'passage: "The report made use of 61 online surveys"');
      expect(messages({ module: using, glossary })).toEqual([
        `content/glossary.yaml:${lineOf(glossary, 'label: finding')}: term focus-group: label "finding" must be course-explanation: the glossary holds only the course's own explanations, never a publication's finding`,
        `content/glossary.yaml:${lineOf(glossary, 'definition:')}: term focus-group: definition: the number 12 does not appear in the source text of the publications it appears in; every figure must come from a cited source`,
        `content/glossary.yaml:${lineOf(glossary, 'definition:')}: term focus-group: definition must be the course's own explanation, not read as a publication's finding: it names "Example Organisation"`,
        `content/glossary.yaml:${lineOf(glossary, 'passage: "The report made')}: term focus-group: passage does not contain the term "Focus group"`,
      ]);
    });

    it('refuses an unused entry, an unknown term and a term the lesson body does not use', () => {
      expect(messages({ glossary: GLOSSARY })).toEqual([
        `content/glossary.yaml:2: term focus-group: no lesson uses the term (list it in a lesson's glossary_terms)`,
      ]);
      const unknown = using.replace('[focus-group]', '[focus-group, survey]');
      expect(messages({ module: unknown, glossary: GLOSSARY })).toEqual([
        `content/modules/sample-module.yaml:${lineOf(unknown, 'glossary_terms')}: lesson context-and-purpose: glossary term "survey" does not exist (not in backend/content/glossary.yaml)`,
      ]);
      const unused = using.replace('2 focus groups.\n', '2 groups.\n');
      expect(messages({ module: unused, glossary: GLOSSARY })).toEqual([
        `content/modules/sample-module.yaml:${lineOf(unused, 'glossary_terms')}: lesson context-and-purpose: glossary term "Focus group" is not used in the lesson body`,
      ]);
    });
  });

  it('collects every problem in one pass', () => {
    const module = MODULE.replace('title: Sample module', 'title: ""').replace('estimated_minutes: 1', 'estimated_minutes: 0');
    const publication = PUBLICATION.replace('region: England', 'region: ""');
    expect(messages({ module, publication })).toHaveLength(3);
  });
});
