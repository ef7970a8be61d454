import { describe, expect, it } from 'vitest';
import { breakLines, cleanText, cutToWidth, fitText, formatDate, formatHours, formatScore, splitRuns, type FontRole } from './certificate-layout.js';

/** A fake pair of fonts: the primary has everything below U+3000, the CJK font everything from there and ASCII. */
const has = (font: FontRole, cp: number) => (font === 'primary' ? cp < 0x3000 : cp >= 0x3000 || cp < 0x80);
/** Every character 10 units wide at size 10 (width scales with size). */
const widthAt = (s: string, size: number) => [...s].length * size;

describe('certificate layout', () => {
  it('cleans names: NFC, no control or bidi characters, collapsed spaces, capped with an ellipsis', () => {
    expect(cleanText('Nguye\u0302\u0303n', 50)).toBe('Nguyễn');
    expect(cleanText('  Zoë\n\tØdegård \u202eevil\u202c ', 50)).toBe('Zoë Ødegård evil');
    expect(cleanText('a\u0000b', 50)).toBe('a b');
    expect(cleanText('x'.repeat(300), 120)).toBe(`${'x'.repeat(119)}…`);
    expect([...cleanText('李'.repeat(200), 120)]).toHaveLength(120);
  });

  it('splits a mixed-script name into font runs, keeping spaces and punctuation in the run they follow', () => {
    expect(splitRuns('Zoë Ødegård-Nguyễn 李', has)).toEqual([
      { font: 'primary', text: 'Zoë Ødegård-Nguyễn ' },
      { font: 'cjk', text: '李' },
    ]);
    expect(splitRuns('李明 (Li Ming)', has)).toEqual([
      { font: 'cjk', text: '李明 (' },
      { font: 'primary', text: 'Li Ming)' },
    ]);
    // A character neither font has stays with the primary font (which draws its missing-glyph box).
    expect(splitRuns('a\u{10FFFD}', (font, cp) => font === 'primary' && cp < 0x3000)).toEqual([{ font: 'primary', text: 'a\u{10FFFD}' }]);
  });

  it('breaks lines at spaces and fits text into at most n lines, shrinking first', () => {
    expect(breakLines('one two three', 70, (s) => widthAt(s, 10))).toEqual(['one two', 'three']);
    expect(fitText('one two three', { maxWidth: 130, maxLines: 1, max: 12, min: 6 }, widthAt)).toEqual({ size: 10, lines: ['one two three'] });
    expect(fitText('one two three', { maxWidth: 70, maxLines: 2, max: 12, min: 6 }, widthAt)).toEqual({ size: 10, lines: ['one two', 'three'] });
    // At the smallest size and still too long: cut with an ellipsis, never off the page.
    const cut = fitText('a'.repeat(40), { maxWidth: 100, maxLines: 2, max: 12, min: 10 }, widthAt);
    expect(cut.size).toBe(10);
    expect(cut.lines).toEqual([`${'a'.repeat(9)}…`]);
    expect(cutToWidth('short', 100, (s) => widthAt(s, 10))).toBe('short');
  });

  it('formats dates, hours and scores plainly', () => {
    expect(formatDate(new Date('2027-01-12T23:30:00Z'))).toBe('12 January 2027');
    expect(formatHours(90)).toBe('1.5 hours');
    expect(formatHours(60)).toBe('1 hour');
    expect(formatHours(5)).toBe('0.5 hours');
    expect(formatHours(0)).toBe('0.5 hours');
    expect(formatHours(125)).toBe('2 hours');
    expect(formatScore(87.9)).toBe('87%');
    expect(formatScore(100)).toBe('100%');
  });
});
