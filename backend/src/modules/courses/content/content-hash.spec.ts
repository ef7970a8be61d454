import { describe, expect, it } from 'vitest';
import { canonicalJson, contentHash, lessonHash } from './content-hash.js';
import type { LessonContent } from './content.types.js';

const lesson: LessonContent = {
  slug: 'key-findings',
  title: 'Key findings',
  estimatedMinutes: 10,
  objectives: ['State the findings.'],
  contentNote: null,
  synthesis: false,
  glossaryTerms: [],
  sources: [{ publication: 'p', passage: 'a passage of the source' }],
  body: '## Findings\n\nText.',
};

describe('content hashes', () => {
  it('do not depend on key order', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[2,{"y":2,"z":1}]},"b":1}');
    expect(contentHash({ a: 1, b: 2 })).toBe(contentHash({ b: 2, a: 1 }));
  });

  it('change with any stored field, including the position', () => {
    const base = lessonHash(lesson, 1);
    expect(lessonHash({ ...lesson }, 1)).toBe(base);
    expect(lessonHash(lesson, 2)).not.toBe(base);
    expect(lessonHash({ ...lesson, body: `${lesson.body} ` }, 1)).not.toBe(base);
    expect(lessonHash({ ...lesson, contentNote: 'note' }, 1)).not.toBe(base);
    expect(lessonHash({ ...lesson, glossaryTerms: ['big-data'] }, 1)).not.toBe(base);
    expect(lessonHash({ ...lesson, sources: [{ publication: 'p', passage: 'another passage here' }] }, 1)).not.toBe(base);
  });

  it('keep list order significant', () => {
    expect(contentHash(['a', 'b'])).not.toBe(contentHash(['b', 'a']));
  });
});
