import type { FontRole } from '../../common/pdf/fonts.js';
/**
 * Pure helpers of the certificate's layout (unit-tested without pdfkit): what goes on the page,
 * split into runs by the font that has its glyphs, fitted into lines.
 */

/** Longest texts a certificate prints (longer ones are cut with an ellipsis): the page has room for so much. */
export const MAX_NAME_LENGTH = 120;
export const MAX_TITLE_LENGTH = 200;
export const MAX_ISSUER_LENGTH = 120;

/** NFC (so "ễ" is one character a font has), control characters out, whitespace collapsed, cut to `max` characters (code points). */
export function cleanText(text: string, max: number): string {
  const clean = text
    .normalize('NFC')
    // Control characters, zero-width and bidirectional controls (which could reorder what is printed).
    .replace(/[\p{Cc}\u200b-\u200f\u2028-\u202e\u2066-\u2069]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const chars = [...clean];
  return chars.length <= max
    ? clean
    : `${chars
        .slice(0, max - 1)
        .join('')
        .trimEnd()}…`;
}

export type { FontRole };
export interface Run {
  font: FontRole;
  text: string;
}

const isNeutral = (ch: string) => /^[\s\p{M}\p{P}]$/u.test(ch);

/**
 * Splits text into runs of one font each: the primary font (Latin, Greek, Cyrillic, Vietnamese)
 * wherever it has the glyph, else the CJK font when it has it. Spaces, marks and punctuation stay
 * in the run they are in, so a name does not hop fonts at every space.
 */
export function splitRuns(text: string, has: (font: FontRole, codePoint: number) => boolean): Run[] {
  const runs: Run[] = [];
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    const previous = runs[runs.length - 1];
    let font: FontRole;
    if (previous && isNeutral(ch) && has(previous.font, cp)) font = previous.font;
    else font = has('primary', cp) || !has('cjk', cp) ? 'primary' : 'cjk';
    if (previous && previous.font === font) previous.text += ch;
    else runs.push({ font, text: ch });
  }
  return runs;
}

/**
 * Greedy line breaking at spaces (a word longer than a line stays whole: the caller shrinks the
 * size). Answers the lines; more than `maxLines` means the text does not fit at this size.
 */
export function breakLines(text: string, maxWidth: number, width: (s: string) => number): string[] {
  const words = text.split(' ').filter((w) => w !== '');
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    const candidate = line ? `${line} ${word}` : word;
    if (line && width(candidate) > maxWidth) {
      lines.push(line);
      line = word;
    } else line = candidate;
  }
  if (line) lines.push(line);
  return lines;
}

/**
 * The largest size from `max` down to `min` (in steps of 1) at which the text fits `maxLines`
 * lines of `maxWidth`; at `min` it answers the lines as they are (the last ones cut with an
 * ellipsis), so nothing ever runs off the page.
 */
export function fitText(
  text: string,
  opts: { maxWidth: number; maxLines: number; max: number; min: number },
  widthAt: (s: string, size: number) => number,
): { size: number; lines: string[] } {
  for (let size = opts.max; size >= opts.min; size--) {
    const lines = breakLines(text, opts.maxWidth, (s) => widthAt(s, size));
    if (lines.length <= opts.maxLines && lines.every((l) => widthAt(l, size) <= opts.maxWidth)) return { size, lines };
  }
  const size = opts.min;
  const lines = breakLines(text, opts.maxWidth, (s) => widthAt(s, size)).slice(0, opts.maxLines);
  return { size, lines: lines.map((l) => cutToWidth(l, opts.maxWidth, (s) => widthAt(s, size))) };
}

/** The line itself when it fits, else as many characters as fit followed by an ellipsis. */
export function cutToWidth(line: string, maxWidth: number, width: (s: string) => number): string {
  if (width(line) <= maxWidth) return line;
  const chars = [...line];
  while (chars.length > 1 && width(`${chars.join('')}…`) > maxWidth) chars.pop();
  return `${chars.join('').trimEnd()}…`;
}

/** "12 January 2027" (UTC, English, unambiguous in every country). */
const DATE_FORMAT = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

export function formatDate(d: Date): string {
  return DATE_FORMAT.format(d);
}

/** Learning time in hours, to the half hour, at least half an hour: "1.5 hours", "1 hour". */
export function formatHours(minutes: number): string {
  const hours = Math.max(0.5, Math.round(minutes / 30) / 2);
  return `${hours} ${hours === 1 ? 'hour' : 'hours'}`;
}

/** "87%" (whole percent, rounded down so a score never shows higher than it was). */
export function formatScore(score: number): string {
  return `${Math.floor(score)}%`;
}
