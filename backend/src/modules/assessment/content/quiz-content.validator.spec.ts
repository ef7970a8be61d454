import { describe, expect, it } from 'vitest';
import { formatProblem, YamlFile } from '../../courses/index.js';
import { validateQuizFiles, type QuizValidationContext } from './quiz-content.validator.js';

const SOURCE = `A Sample Report on Things

The report made use of 61 online surveys and 2 focus groups.
The key findings were that individuals were vulnerable to exploitation.
Its recommendations fall into three categories: training, data and partnerships.`;

const context: QuizValidationContext = {
  publications: new Map([
    ['sample-report', SOURCE],
    ['other-report', 'Another report, which drew on 28 different studies.'],
  ]),
  modules: new Map([['sample-module', 'sample-report']]),
};

const SOURCE_REF = `    source:
      publication: sample-report
      passage: "The report made use of 61 online surveys and 2 focus groups."`;

/** One question of each type, all valid. */
const QUESTIONS: Record<string, string> = {
  single: `  - id: q1
    type: single
    tags: [methods]
    prompt: How many online surveys did the report use?
    options:
      - { id: a, text: "61 online surveys", feedback: Right. }
      - { id: b, text: "2 online surveys", feedback: That is the number of focus groups. }
      - { id: c, text: No online surveys, feedback: It used some. }
    answer: a
    feedback: The report made use of 61 online surveys.
${SOURCE_REF}`,
  multiple: `  - id: q2
    type: multiple
    tags: [methods]
    prompt: Which methods did the report use?
    options:
      - { id: a, text: Online surveys, feedback: Yes. }
      - { id: b, text: Focus groups, feedback: Yes. }
      - { id: c, text: Court records, feedback: No. }
    answer: [a, b]
    feedback: Surveys and focus groups.
${SOURCE_REF}`,
  true_false: `  - id: q3
    type: true_false
    tags: [methods]
    prompt: The report used 2 focus groups.
    answer: true
    feedback_true: Right.
    feedback_false: It did.
    feedback: It used 2 focus groups.
${SOURCE_REF}`,
  numeric: `  - id: q4
    type: numeric
    tags: [methods]
    prompt: How many online surveys?
    unit: surveys
    answer: 61
    tolerance: 0
    feedback: 61 online surveys.
${SOURCE_REF}`,
  short_text: `  - id: q5
    type: short_text
    tags: [findings]
    prompt: Who was vulnerable to exploitation?
    accepted: [individuals, Individuals living on the streets]
    feedback: Individuals were.
    source:
      publication: sample-report
      passage: "individuals were vulnerable to exploitation"`,
  matching: `  - id: q6
    type: matching
    tags: [methods]
    prompt: Match each method to its number.
    items:
      - { id: surveys, text: Online surveys, match: n61, feedback: "61." }
      - { id: groups, text: Focus groups, match: n2, feedback: "2." }
    choices:
      - { id: n61, text: "61" }
      - { id: n2, text: "2" }
      - { id: none, text: None }
    feedback: 61 surveys and 2 focus groups.
${SOURCE_REF}`,
  ordering: `  - id: q7
    type: ordering
    tags: [recommendations]
    prompt: Put the categories in the report's order.
    items:
      - { id: training, text: Training, feedback: First. }
      - { id: data, text: Data, feedback: Second. }
      - { id: partnerships, text: Partnerships, feedback: Third. }
    feedback: Training, data and partnerships.
    source:
      publication: sample-report
      passage: "three categories: training, data and partnerships"`,
};

const HEADER = `module: sample-module
settings:
  title: Sample quiz
  pass_mark: 70
questions:
`;

const rawText = new WeakMap<YamlFile, string>();
function quizFile(questions: string[], header = HEADER, name = 'quizzes/sample-module.yaml'): YamlFile {
  const text = `${header}${questions.join('\n')}\n`;
  const file = YamlFile.parse(name, text);
  rawText.set(file, text);
  return file;
}

function check(yaml: YamlFile | YamlFile[]) {
  const { quizzes, problems } = validateQuizFiles(Array.isArray(yaml) ? yaml : [yaml], context);
  return { quizzes, messages: problems.map(formatProblem) };
}

/** The valid set with one question replaced by `replacement` (same id, so the others stay valid). */
const withQuestion = (type: string, replacement: string) => quizFile(Object.entries(QUESTIONS).map(([t, q]) => (t === type ? replacement : q)));

/** The 1-based line of the first line of `text` that contains `needle`. */
const lineOf = (file: YamlFile, needle: string) =>
  rawText
    .get(file)!
    .split('\n')
    .findIndex((l) => l.includes(needle)) + 1;

describe('validateQuizFiles', () => {
  it('accepts one valid question of every type and splits each into a public definition and a private key', () => {
    const { quizzes, messages } = check(quizFile(Object.values(QUESTIONS)));
    expect(messages).toEqual([]);
    const quiz = quizzes![0]!;
    expect(quiz.settings).toEqual({
      title: 'Sample quiz',
      passMark: 70,
      maxAttempts: null,
      waitSeconds: 0,
      timeLimitSeconds: null,
      gradingMethod: 'highest',
      reviewPolicy: { score: 'immediately', correctness: 'immediately', correctAnswers: 'immediately', feedback: 'immediately' },
      shuffleQuestions: true,
      shuffleOptions: true,
    });
    expect(quiz.slots).toEqual(quiz.questions.map((q) => ({ question: q.slug, tag: null, draw: null, points: 1 })));
    const byType = Object.fromEntries(quiz.questions.map((q) => [q.type, q]));
    expect(byType.single!.definition).toEqual({
      options: [expect.objectContaining({ id: 'a' }), expect.objectContaining({ id: 'b' }), expect.objectContaining({ id: 'c' })],
    });
    expect(JSON.stringify(byType.single!.definition)).not.toContain('feedback');
    expect(byType.single!.answerKey).toEqual({ optionId: 'a', optionFeedback: { a: 'Right.', b: 'That is the number of focus groups.', c: 'It used some.' } });
    expect(byType.multiple!.answerKey.optionIds).toEqual(['a', 'b']);
    expect(byType.true_false!.answerKey).toEqual({ value: true, optionFeedback: { true: 'Right.', false: 'It did.' } });
    expect(byType.numeric!).toMatchObject({ definition: { unit: 'surveys' }, answerKey: { value: 61, tolerance: 0 } });
    expect(byType.short_text!.answerKey.accepted).toEqual(['individuals', 'Individuals living on the streets']);
    expect(byType.matching!.answerKey.pairs).toEqual({ surveys: 'n61', groups: 'n2' });
    expect(byType.ordering!.answerKey.order).toEqual(['training', 'data', 'partnerships']);
    // What a learner is shown first is never the answer's order.
    expect(byType.ordering!.definition.items!.map((i) => i.id)).not.toEqual(['training', 'data', 'partnerships']);
    expect(byType.matching!.definition.choices!.map((c) => c.id).slice(0, 2)).not.toEqual(['n61', 'n2']);
  });

  it('names the file and the line of each problem', () => {
    const file = withQuestion('single', QUESTIONS.single!.replace('answer: a', 'answer: d'));
    expect(check(file).messages).toEqual([
      `quizzes/sample-module.yaml:${lineOf(file, 'answer: d')}: question q1: answer: correct option "d" is not one of a, b, c`,
    ]);
  });

  it('refuses a passage that is not verbatim in the source, and figures the source does not give', () => {
    const file = withQuestion(
      'single',
      QUESTIONS.single!.replace('"2 online surveys"', '"28 online surveys"').replace(
        'passage: "The report made use of 61 online surveys and 2 focus groups."',
        'passage: "The report made use of 62 online surveys."',
      ),
    );
    const messages = check(file).messages;
    expect(messages).toContain(
      `quizzes/sample-module.yaml:${lineOf(file, '28 online')}: question q1: options[1].text: the number 28 does not appear in the source text of sample-report; every figure must come from a cited source`,
    );
    expect(messages.some((m) => m.includes('passage "The report made use of 62 online surveys." is not in the source_text of sample-report'))).toBe(true);
  });

  it("refuses a source from another publication than the module's", () => {
    const file = withQuestion(
      'single',
      QUESTIONS.single!.replace(SOURCE_REF, `    source:\n      publication: other-report\n      passage: "drew on 28 different studies"`),
    );
    expect(check(file).messages.join('\n')).toMatch(/cites "other-report", but the module is built from "sample-report"/);
  });

  it.each([
    ['single', QUESTIONS.single!.replace('id: b, text', 'id: a, text'), /options\[1\]\.id: id "a" is used twice/],
    ['single', QUESTIONS.single!.replace('feedback: It used some. ', ''), /options\[2\]: missing field "feedback"/],
    ['single', QUESTIONS.single!.replace('"2 online surveys"', '"61 Online  surveys"'), /text "61 online surveys" is used twice/],
    ['multiple', QUESTIONS.multiple!.replace('answer: [a, b]', 'answer: [a, b, c]'), /needs at least one incorrect option/],
    ['multiple', QUESTIONS.multiple!.replace('answer: [a, b]', 'answer: [a, x]'), /answer\[1\]: correct option "x" is not one of a, b, c/],
    ['multiple', QUESTIONS.multiple!.replace('answer: [a, b]', 'answer: [a, a]'), /answer: names an option twice/],
    ['true_false', QUESTIONS.true_false!.replace('answer: true', 'answer: "yes"'), /answer must be true or false/],
    ['true_false', QUESTIONS.true_false!.replace('    feedback_false: It did.\n', ''), /missing field "feedback_false"/],
    ['numeric', QUESTIONS.numeric!.replace('tolerance: 0', 'tolerance: -1'), /tolerance must be a number of 0 or more/],
    ['numeric', QUESTIONS.numeric!.replace('answer: 61', 'answer: 62'), /answer: the number 62 does not appear/],
    ['numeric', QUESTIONS.numeric!.replace('answer: 61', 'answer: "61"'), /answer must be a number/],
    ['short_text', QUESTIONS.short_text!.replace('accepted: [individuals, Individuals living on the streets]', 'accepted: []'), /accepted has 0 item\(s\)/],
    [
      'short_text',
      QUESTIONS.short_text!.replace('Individuals living on the streets', ' INDIVIDUALS '),
      /accepted answer \(after normalising case and spaces\) "individuals" is used twice/,
    ],
    ['matching', QUESTIONS.matching!.replace('match: n2', 'match: n3'), /items\[1\]\.match: "n3" is not one of the choices n61, n2, none/],
    ['matching', QUESTIONS.matching!.replace('{ id: none, text: None }', '{ id: groups, text: None }'), /id "groups" is used by a choice too/],
    ['matching', QUESTIONS.matching!.replace(', match: n2', ''), /items\[1\]: missing field "match"/],
    [
      'ordering',
      QUESTIONS.ordering!.replace('      - { id: partnerships, text: Partnerships, feedback: Third. }\n', ''),
      /items has 2 item\(s\); it needs 3 to 10/,
    ],
    [
      'ordering',
      QUESTIONS.ordering!.replace('type: ordering', 'type: sorting'),
      /type must be one of single, multiple, true_false, numeric, short_text, matching, ordering/,
    ],
  ])('refuses a bad %s question (%#)', (type, replacement, message) => {
    const { quizzes, messages } = check(withQuestion(type, replacement));
    expect(quizzes).toBeNull();
    expect(messages.join('\n')).toMatch(message);
  });

  it('refuses fields of another type and unknown settings', () => {
    const file = quizFile(
      Object.entries(QUESTIONS).map(([t, q]) => (t === 'single' ? q.replace('    answer: a', '    answer: a\n    tolerance: 1') : q)),
      HEADER.replace('pass_mark: 70', 'pass_mark: 170\n  grading_method: best\n  colour: blue'),
    );
    const text = check(file).messages.join('\n');
    expect(text).toMatch(/question q1: unknown field "tolerance"/);
    expect(text).toMatch(/settings\.pass_mark must be a whole number from 0 to 100/);
    expect(text).toMatch(/settings\.grading_method must be one of highest, last, first, average/);
    expect(text).toMatch(/unknown field "colour"/);
  });

  it('reports a missing field once, where its parent starts', () => {
    const file = withQuestion('single', QUESTIONS.single!.replace(SOURCE_REF, ''));
    expect(check(file).messages).toEqual([`quizzes/sample-module.yaml:${lineOf(file, '- id: q1')}: question q1: missing field "source"`]);
  });

  it('checks the module, the file name and repeated question ids', () => {
    const wrongModule = quizFile(Object.values(QUESTIONS), HEADER.replace('module: sample-module', 'module: no-such-module'), 'quizzes/no-such-module.yaml');
    expect(check(wrongModule).messages.join('\n')).toMatch(/module "no-such-module" does not exist/);
    const misnamed = quizFile(Object.values(QUESTIONS), HEADER, 'quizzes/sample.yaml');
    expect(check(misnamed).messages.join('\n')).toMatch(/module "sample-module" must match the file name "sample"/);
    const repeated = quizFile([...Object.values(QUESTIONS), QUESTIONS.single!]);
    expect(check(repeated).messages.join('\n')).toMatch(/question id "q1" is used twice/);
  });

  it('reads slots: fixed questions and random draws by tag, refusing draws the bank cannot fill', () => {
    const slots = `slots:\n  - { question: q7, points: 2 }\n  - { tag: methods, draw: 2 }\n`;
    const ok = check(
      quizFile(
        Object.entries(QUESTIONS).map(([, q]) => q),
        HEADER.replace('questions:\n', `${slots}questions:\n`),
      ),
    );
    expect(ok.messages).toEqual([]);
    expect(ok.quizzes![0]!.slots).toEqual([
      { question: 'q7', tag: null, draw: null, points: 2 },
      { question: null, tag: 'methods', draw: 2, points: 1 },
    ]);
    const tooMany = check(
      quizFile(
        Object.values(QUESTIONS),
        HEADER.replace('questions:\n', 'slots:\n  - { tag: findings, draw: 3 }\n  - { question: q3 }\n  - { tag: methods, draw: 1 }\nquestions:\n'),
      ),
    );
    const text = tooMany.messages.join('\n');
    expect(text).toMatch(/draws 3 question\(s\) tagged "findings", but only 1 question\(s\) of this file carry that tag/);
    expect(text).toMatch(/question "q3" is fixed here and also drawn at random by tag "methods"/);
  });

  it('refuses two files for one module, and reports YAML syntax errors with their line', () => {
    const twice = check([quizFile(Object.values(QUESTIONS)), quizFile(Object.values(QUESTIONS), HEADER, 'private/sample-module.yaml')]);
    expect(twice.messages.join('\n')).toMatch(/module "sample-module" already has a quiz in quizzes\/sample-module.yaml/);
    const broken = check(YamlFile.parse('quizzes/sample-module.yaml', 'module: sample-module\nsettings: [\n'));
    expect(broken.messages[0]).toMatch(/^quizzes\/sample-module.yaml:\d+: invalid YAML/);
  });
});
