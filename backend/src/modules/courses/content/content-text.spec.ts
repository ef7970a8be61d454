import { describe, expect, it } from 'vitest';
import { containsPassage, normaliseSpace, numbersIn, stripListMarkers, unsupportedNumbers } from './content-text.js';

describe('containsPassage', () => {
  const source = 'The report made use of 61 online surveys and 2 focus groups\u00a0across England.\n\n  1. Training and Raising Awareness';

  it('finds a verbatim passage whatever its whitespace (line breaks, double and no-break spaces)', () => {
    expect(containsPassage(source, 'made use of 61 online\n surveys and 2 focus groups across   England.')).toBe(true);
    expect(containsPassage(source, 'The recommendations')).toBe(false);
  });

  it('is exact otherwise: case, punctuation and wording matter', () => {
    expect(containsPassage(source, 'made use of 61 Online surveys')).toBe(false);
    expect(containsPassage(source, 'made use of sixty-one online surveys')).toBe(false);
  });

  it('never matches an empty passage', () => {
    expect(containsPassage(source, '   ')).toBe(false);
  });

  it('normalises runs of whitespace to one space', () => {
    expect(normaliseSpace('  a\n\n b\u00a0\tc ')).toBe('a b c');
  });
});

describe('numbersIn', () => {
  it('finds numbers written in digits, in a comparable form', () => {
    expect(numbersIn('around 25 million, just over 4 million below 18; by 2030 and 2025; 1,000 people; 31st; early 20s; 2019-01-31')).toEqual([
      '25',
      '4',
      '18',
      '2030',
      '2025',
      '1000',
      '31',
      '20',
      '2019',
      '1',
      '31',
    ]);
  });

  it('ignores ordered-list markers but not numbers inside list items', () => {
    expect(stripListMarkers('  1. Training\n2) Data 61 surveys\n> 3. quoted')).toBe('Training\nData 61 surveys\nquoted');
    expect(numbersIn('1. The 2014 protocol\n  2. 4 key parts')).toEqual(['2014', '4']);
  });

  it('finds nothing in text without digits', () => {
    expect(numbersIn('three sections and four parts')).toEqual([]);
  });
});

describe('unsupportedNumbers', () => {
  it('lists each number missing from every source, once', () => {
    expect(unsupportedNumbers('28 studies, 38 studies, 38 again, 2019', ['drawn on 28 different studies', 'released in January 2019'])).toEqual(['38']);
  });
});
