import { describe, expect, it } from 'vitest';
import { chartGeometry, chartSummary, niceMax, weekLabel } from './chart';
import { analysisState, hardestFirst, percentText, tooFewText, wrongAnswerText } from './item-analysis';
import { csvDataUrl, errorRows, fieldLabel, rejectedRowsCsv, reportSentences } from './import-report';
import { learnerStateLook, moduleStateLook, rowCells, rowFlags, rowProgress, scoreText } from './matrix';
import { MAX_TRAIL, nextPage, pageLinks, previousPage, readPageState } from './pager';
import { dateFromInput, dateInputValue, eventLabel, eventObject, isOverdue, reasonText } from './words';

describe('progress matrix states', () => {
  const modules = [
    { id: 'm1', title: 'Recognising indicators' },
    { id: 'm2', title: 'Safe referral' },
    { id: 'm3', title: 'Aftercare' }
  ];

  it('says every state in words with a symbol of its own shape, never by colour alone', () => {
    const looks = (['not_started', 'in_progress', 'complete'] as const).map(moduleStateLook);
    expect(looks.map((l) => l.label)).toEqual(['Not started', 'In progress', 'Complete']);
    expect(new Set(looks.map((l) => l.symbol)).size).toBe(3);
    // A state this build does not know is named, not hidden.
    expect(moduleStateLook('paused')).toMatchObject({ label: 'Paused', symbol: '?' });
    expect(learnerStateLook('overdue')).toMatchObject({ label: 'Overdue', tone: 'late' });
    expect(learnerStateLook('at-risk').label).toBe('At risk');
    expect(learnerStateLook('completed').label).toBe('Completed');
    expect(rowFlags({ overdue: true, atRisk: true, pending: false }).map((f) => f.label)).toEqual(['Overdue', 'At risk']);
    expect(rowFlags({})).toEqual([]);
  });

  it('lines the cells up with the modules, missing ones as not started, with the score in the text', () => {
    const cells = rowCells(modules, {
      modules: [
        { moduleId: 'm3', state: 'in_progress', score: null },
        { moduleId: 'm1', state: 'complete', score: 85 }
      ]
    });
    expect(cells.map((c) => [c.moduleId, c.label, c.score])).toEqual([
      ['m1', 'Complete', '85%'],
      ['m2', 'Not started', null],
      ['m3', 'In progress', null]
    ]);
    expect(cells[0]!.text).toBe('Complete, score 85%');
    expect(cells[1]!.text).toBe('Not started');
    expect(rowProgress(modules, { modules: [{ moduleId: 'm1', state: 'complete', score: null }] }).text).toBe('1 of 3 modules complete');
    expect(rowProgress([modules[0]!], { modules: [] }).text).toBe('0 of 1 module complete');
  });

  it('reads a score as a whole percent, a fraction as a share', () => {
    expect(scoreText(85)).toBe('85%');
    expect(scoreText(0.85)).toBe('85%');
    expect(scoreText(66.6)).toBe('67%');
    expect(scoreText(0)).toBe('0%');
    expect(scoreText(1)).toBe('1%');
    expect(scoreText(140)).toBe('100%');
    expect(scoreText(null)).toBeNull();
    expect(scoreText(Number.NaN)).toBeNull();
  });
});

describe('keyset pages with previous links', () => {
  const params = (query: string) => new URLSearchParams(query);

  it('carries the cursors of the pages before, so Previous works without JavaScript', () => {
    const first = readPageState(params(''));
    expect(first).toEqual({ cursor: '', back: [] });
    const second = nextPage(first, 'c2');
    expect(second).toEqual({ cursor: 'c2', back: [] });
    const third = nextPage(second, 'c3');
    expect(third).toEqual({ cursor: 'c3', back: ['c2'] });
    expect(previousPage(third)).toEqual(second);
    expect(previousPage(second)).toEqual(first);
    expect(previousPage(first)).toBeNull();
  });

  it('writes links that keep the filters and drop empty values', () => {
    const links = pageLinks('/cohorts/x', params('filter=overdue'), readPageState(params('cursor=c3&back=c2')), 'c4');
    expect(links.next).toBe('/cohorts/x?filter=overdue&cursor=c4&back=c2&back=c3');
    expect(links.previous).toBe('/cohorts/x?filter=overdue&cursor=c2');
    expect(links.first).toBe('/cohorts/x?filter=overdue');
    const onFirst = pageLinks('/cohorts/x', params(''), readPageState(params('')), null);
    expect(onFirst).toEqual({ previous: null, next: null, first: null });
    // On the second page, Previous is the first page: no separate "First page" link.
    expect(pageLinks('/p', params(''), readPageState(params('cursor=c2')), null)).toEqual({ previous: '/p', next: null, first: null });
  });

  it('keeps the trail bounded, and ignores a trail without a cursor', () => {
    const long = params(`cursor=z&${Array.from({ length: 60 }, (_, i) => `back=c${i}`).join('&')}`);
    expect(readPageState(long).back).toHaveLength(MAX_TRAIL);
    expect(readPageState(params('back=c1')).back).toEqual([]);
  });
});

describe('completion chart', () => {
  const weeks = [
    { week: '2026-11-09', count: 3 },
    { week: '2026-11-02', count: 1 },
    { week: '2026-11-16', count: 0 }
  ];

  it('sorts the weeks, keeps the running total, and scales to a round top', () => {
    const g = chartGeometry(weeks);
    expect(g.bars.map((b) => [b.week, b.count, b.cumulative])).toEqual([
      ['2026-11-02', 1, 1],
      ['2026-11-09', 3, 4],
      ['2026-11-16', 0, 4]
    ]);
    expect(g.total).toBe(4);
    expect(g.max).toBe(5);
    expect(g.line.startsWith('M')).toBe(true);
    // Bars stay inside the plot; an empty week has no height.
    for (const bar of g.bars) {
      expect(bar.y).toBeGreaterThanOrEqual(g.plot.top);
      expect(bar.y + bar.height).toBeCloseTo(g.plot.bottom, 0);
    }
    expect(g.bars[2]!.height).toBe(0);
    expect(chartGeometry([]).bars).toEqual([]);
    expect(niceMax(0)).toBe(1);
    expect(niceMax(7)).toBe(10);
    expect(niceMax(120)).toBe(200);
  });

  it('sums the chart up in words for its text alternative', () => {
    expect(chartSummary([])).toBe('No completions yet.');
    expect(chartSummary(weeks)).toBe('4 completions from the week of 2 Nov to the week of 16 Nov; the most in one week: 3, in the week of 9 Nov.');
    expect(weekLabel('2026-W45')).toBe('2026-W45');
  });
});

describe('CSV import report', () => {
  const csv = '\uFEFFemail,name,external_id\r\nana@example.org,Ana,1\r\nnot-an-email,Bo,2\r\n\r\nana@example.org,Ana again,3\r\ncy@example,Cy,\r\n';
  const errors = [
    { line: 6, field: 'email', reason: 'Not an email address' },
    { line: 3, field: 'email', reason: 'Not an email address' },
    { line: 3, field: 'name', reason: 'Too long' }
  ];

  it('lists the errors by line with readable field names, and counts the ones not shown', () => {
    const { rows, hidden } = errorRows(errors, 2);
    expect(rows.map((r) => [r.line, r.fieldLabel])).toEqual([
      [3, 'Email address'],
      [3, 'Name']
    ]);
    expect(hidden).toBe(1);
    expect(fieldLabel('external_id')).toBe('External ID');
    expect(fieldLabel('')).toBe('Whole row');
    expect(fieldLabel('department')).toBe('department');
  });

  it('gives back exactly the rejected rows, once each, under the header, without the BOM', () => {
    expect(rejectedRowsCsv(csv, errors)).toBe('email,name,external_id\r\nnot-an-email,Bo,2\r\ncy@example,Cy,\r\n');
    // An empty line, the header or a line past the end is never a rejected row.
    expect(
      rejectedRowsCsv(csv, [
        { line: 4, field: '', reason: 'Empty' },
        { line: 1, field: 'email', reason: 'x' },
        { line: 99, field: 'email', reason: 'x' }
      ])
    ).toBe('');
    expect(csvDataUrl('a,b\r\n')).toBe('data:text/csv;charset=utf-8,a%2Cb%0D%0A');
  });

  it('says what happened, one outcome per sentence', () => {
    expect(reportSentences({ imported: 12, alreadyMembers: 1, invited: 3, rejected: 2 })).toEqual([
      '12 people added to the cohort.',
      '3 of them have no account yet: we emailed invitations, and their place starts when they sign up.',
      '1 row was already in the cohort and was left as it was.',
      '2 rows were not imported: see why below.'
    ]);
    expect(reportSentences({ imported: 0, alreadyMembers: 0, invited: 0, rejected: 0 })).toEqual(['No one new was added.']);
  });
});

describe('cohort words', () => {
  it('names the needs-attention reasons, with the API detail', () => {
    expect(reasonText({ code: 'overdue', detail: 'Safe referral, due 1 Dec 2026' })).toBe('Overdue: Safe referral, due 1 Dec 2026');
    expect(reasonText({ code: 'FAILED_ATTEMPTS' })).toBe('Two failed quiz attempts');
    expect(reasonText({ code: 'something_new' })).toBe('Something new');
  });

  it('names timeline events by type or xAPI verb', () => {
    expect(eventLabel({ verb: 'completed' })).toBe('Completed');
    expect(eventLabel({ verb: 'http://adlnet.gov/expapi/verbs/passed' })).toBe('Passed');
    expect(eventLabel({ verb: 'http://example.org/verbs/bookmarked' })).toBe('Bookmarked');
    expect(eventObject({ objectName: 'Safe referral', objectType: 'lesson' })).toBe('the lesson “Safe referral”');
    expect(eventObject({ objectName: null, objectType: null })).toBe('');
  });

  it('turns date inputs into the start or the end of the day, and refuses what is not a date', () => {
    expect(dateFromInput('2027-01-31', 'start')).toBe('2027-01-31T00:00:00.000Z');
    expect(dateFromInput('2027-01-31', 'end')).toBe('2027-01-31T23:59:59.999Z');
    expect(dateFromInput('', 'end')).toBeUndefined();
    expect(dateFromInput('2027-02-30', 'end')).toBeNull();
    expect(dateFromInput('31/01/2027', 'end')).toBeNull();
    expect(dateInputValue('2027-01-31T23:59:59.999Z')).toBe('2027-01-31');
    expect(dateInputValue(null)).toBe('');
    expect(isOverdue('2026-01-01T00:00:00Z', new Date('2026-06-01'))).toBe(true);
    expect(isOverdue('2027-01-01T00:00:00Z', new Date('2026-06-01'))).toBe(false);
    expect(isOverdue(null)).toBe(false);
  });
});

describe('cohort item analysis', () => {
  const option = (key: string, label: string, count: number, share: number) => ({ key, label, count, share, correct: false });

  it('says which state the page is in: nothing taken, too few learners, or the figures', () => {
    expect(analysisState({ learners: 0, tooFewLearners: true })).toBe('none');
    expect(analysisState({ learners: 4, tooFewLearners: true })).toBe('too-few');
    expect(analysisState({ learners: 5, tooFewLearners: false })).toBe('figures');
    expect(tooFewText(1, 5)).toBe(
      'Only 1 learner in this cohort has taken this quiz. Figures are shown once 5 have, so that no one’s answers can be picked out.'
    );
    expect(tooFewText(3, 5)).toMatch(/^Only 3 learners in this cohort have taken/);
  });

  it('puts the questions most got wrong first, keeping their number in the quiz', () => {
    const ordered = hardestFirst([
      { id: 'q1', facility: 0.9, flaggedForReview: false },
      { id: 'q2', facility: null, flaggedForReview: false },
      { id: 'q3', facility: 0.4, flaggedForReview: false },
      { id: 'q4', facility: 0.4, flaggedForReview: true }
    ]);
    expect(ordered.map((q) => [q.id, q.number])).toEqual([
      ['q4', 4],
      ['q3', 3],
      ['q1', 1],
      ['q2', 2]
    ]);
  });

  it('names the most chosen wrong answer with its count and share', () => {
    expect(wrongAnswerText({ type: 'single', mostChosenWrong: option('b', 'Option B', 2, 0.333) })).toBe('Option B: 2 (33%)');
    expect(wrongAnswerText({ type: 'single', mostChosenWrong: null })).toBe('None chosen');
    expect(wrongAnswerText({ type: 'short_text', mostChosenWrong: null })).toBe('Not counted for typed answers');
    expect(percentText(0.5)).toBe('50%');
    expect(percentText(null)).toBe('—');
  });
});
