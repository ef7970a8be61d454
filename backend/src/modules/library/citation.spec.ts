import { describe, expect, it } from 'vitest';
import { buildCitation, dateLabel, isoDate } from './citation.js';

const date = (publishedYear: number | null, publishedMonth: number | null = null, publishedDay: number | null = null) => ({
  publishedYear,
  publishedMonth,
  publishedDay,
});

describe('buildCitation', () => {
  it('builds "Publisher (year). Title." from known fields', () => {
    expect(
      buildCitation({
        publisher: 'The Freedom Fund',
        title: 'Behaviour change communications campaigns targeting the demand',
        publishedYear: 2019,
        sourceUrl: null,
      }),
    ).toBe('The Freedom Fund (2019). Behaviour change communications campaigns targeting the demand.');
  });

  it('says n.d. when the source gives no date, rather than guessing one', () => {
    expect(
      buildCitation({
        publisher: 'International Labour Organisation (ILO)',
        title: 'Ending Forced Labour by 2030: A Review of Policies and Programmes',
        publishedYear: null,
        sourceUrl: null,
      }),
    ).toBe('International Labour Organisation (ILO) (n.d.). Ending Forced Labour by 2030: A Review of Policies and Programmes.');
  });

  it('does not double the full stop of a title that already ends a sentence', () => {
    expect(buildCitation({ publisher: 'P', title: 'Who pays?', publishedYear: 2020, sourceUrl: null })).toBe('P (2020). Who pays?');
    expect(buildCitation({ publisher: 'P', title: 'Done.', publishedYear: 2020, sourceUrl: null })).toBe('P (2020). Done.');
  });

  it('adds the address only when one is known', () => {
    expect(buildCitation({ publisher: 'P', title: 'T', publishedYear: 2020, sourceUrl: 'https://example.org/t.pdf' })).toBe(
      'P (2020). T. https://example.org/t.pdf',
    );
    expect(buildCitation({ publisher: 'P', title: 'T', publishedYear: 2020, sourceUrl: null })).not.toMatch(/http/);
  });

  it('trims stray whitespace around publisher and title', () => {
    expect(buildCitation({ publisher: ' P ', title: ' T ', publishedYear: 2020, sourceUrl: null })).toBe('P (2020). T.');
  });
});

describe('isoDate and dateLabel', () => {
  it.each([
    [date(2019, 1, 31), '2019-01-31', '31 January 2019'],
    [date(2019, 1), '2019-01', 'January 2019'],
    [date(2017, 12), '2017-12', 'December 2017'],
    [date(2016), '2016', '2016'],
    [date(null), null, null],
  ])('keep the precision of %j', (d, iso, label) => {
    expect(isoDate(d)).toBe(iso);
    expect(dateLabel(d)).toBe(label);
  });
});
