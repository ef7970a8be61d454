import { describe, expect, it } from 'vitest';
import { linkify } from './linkify';

describe('linkify', () => {
  it('splits text and http(s) addresses, keeping every character', () => {
    const text = 'Hello Ana,\n\nConfirm my email address: http://localhost:3000/verify-email?token=a_b-c\n\nHTMSE Academy';
    const parts = linkify(text);
    expect(parts.map((p) => p.text).join('')).toBe(text);
    expect(parts.filter((p) => p.href).map((p) => p.href)).toEqual(['http://localhost:3000/verify-email?token=a_b-c']);
  });

  it('leaves sentence punctuation after an address out of the link', () => {
    const parts = linkify('See https://example.org/page. Or (https://example.org/other).');
    expect(parts.filter((p) => p.href).map((p) => p.href)).toEqual(['https://example.org/page', 'https://example.org/other']);
    expect(parts.map((p) => p.text).join('')).toBe('See https://example.org/page. Or (https://example.org/other).');
  });

  it('never links other schemes, and leaves markup as plain text', () => {
    const parts = linkify('<a href="javascript:alert(1)">x</a> data:text/html,hi mailto:a@b.c');
    expect(parts.every((p) => p.href === undefined)).toBe(true);
  });

  it('does not let a quote or angle bracket into a link', () => {
    const parts = linkify('go to https://example.org/a"onmouseover="x and <https://example.org/b>');
    expect(parts.filter((p) => p.href).map((p) => p.href)).toEqual(['https://example.org/a', 'https://example.org/b']);
  });

  it('returns one text part for text without addresses, and nothing for empty text', () => {
    expect(linkify('No links here')).toEqual([{ text: 'No links here' }]);
    expect(linkify('')).toEqual([]);
  });
});
