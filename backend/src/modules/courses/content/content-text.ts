/** Text rules shared by the content validator and the content tests. */

/** Collapses every run of whitespace (including no-break spaces) to one space. */
export function normaliseSpace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Whether `passage` occurs verbatim in `sourceText`, ignoring differences in whitespace only. */
export function containsPassage(sourceText: string, passage: string): boolean {
  const needle = normaliseSpace(passage);
  return needle.length > 0 && normaliseSpace(sourceText).includes(needle);
}

/**
 * Removes ordered-list markers ("1. ", "  2) ") at the start of lines. They number a list's
 * items; they are not figures, in a lesson or in a source, so they neither need a source nor
 * count as one.
 */
export function stripListMarkers(text: string): string {
  return text.replace(/^[ \t>]*\d+[.)][ \t]+/gm, '');
}

/**
 * The numbers written in digits in a text, list markers excepted, in a comparable form:
 * "1,000" -> "1000", "01" -> "1", "20s" -> "20", "2019-01-31" -> "2019", "1", "31".
 */
export function numbersIn(text: string): string[] {
  const found = stripListMarkers(text).match(/\d+(?:[.,]\d+)*/g) ?? [];
  return found.map((n) => {
    const plain = n.replace(/,(?=\d{3}(?:\D|$))/g, '');
    const value = Number(plain);
    return Number.isFinite(value) ? String(value) : plain;
  });
}

/** Numbers in `text` that do not appear in any of `sources`. */
export function unsupportedNumbers(text: string, sources: readonly string[]): string[] {
  const known = new Set(sources.flatMap((s) => numbersIn(s)));
  return [...new Set(numbersIn(text).filter((n) => !known.has(n)))];
}
