export interface TextPart {
  text: string;
  /** Set when the part is a web address to render as a link. */
  href?: string;
}

// http(s) only: a mail must never turn into a javascript: or data: link.
const URL_PATTERN = /\bhttps?:\/\/[^\s<>"'`]+/gi;
// Sentence punctuation right after an address belongs to the sentence, not the link.
const TRAILING = /[.,;:!?)\]}'"]+$/;

/**
 * Splits plain text into text and link parts, for rendering with ordinary (escaped) text nodes
 * and <a> elements; never produces HTML.
 */
export function linkify(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let last = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    const start = match.index ?? 0;
    const raw = match[0];
    const href = raw.replace(TRAILING, '');
    let valid: boolean;
    try {
      const url = new URL(href);
      valid = url.protocol === 'http:' || url.protocol === 'https:';
    } catch {
      valid = false;
    }
    if (!valid) continue;
    if (start > last) parts.push({ text: text.slice(last, start) });
    parts.push({ text: href, href });
    last = start + href.length;
  }
  if (last < text.length) parts.push({ text: text.slice(last) });
  return parts;
}
