import { describe, expect, it } from 'vitest';
import { ifMatch } from './revision';

describe('ifMatch', () => {
  it('sends the loaded revision as a strong If-Match', () => {
    const revision = 'a'.repeat(64);
    expect(ifMatch(revision)).toEqual({ header: { 'If-Match': `"${revision}"` } });
  });

  it('sends no precondition without a revision, or with one that is not a content hash', () => {
    expect(ifMatch(undefined)).toEqual({});
    expect(ifMatch('')).toEqual({});
    expect(ifMatch('"quoted", *')).toEqual({});
  });
});
