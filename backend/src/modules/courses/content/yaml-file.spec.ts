import { describe, expect, it } from 'vitest';
import { YamlFile } from './yaml-file.js';

const TEXT = `slug: m
lessons:
  - slug: one
    title: One
  - slug: two
    body: |
      line a
      line b
    sources: []
empty:
`;

describe('YamlFile.line', () => {
  const file = YamlFile.parse('m.yaml', TEXT);

  it('finds the line of a value at any depth', () => {
    expect(file.line(['slug'])).toBe(1);
    expect(file.line(['lessons', 0, 'title'])).toBe(4);
    expect(file.line(['lessons', 1])).toBe(5);
    expect(file.line(['lessons', 1, 'body'])).toBe(6);
    expect(file.line(['lessons', 1, 'sources'])).toBe(9);
  });

  it('finds the line of a key', () => {
    expect(file.line(['lessons', 1, 'sources'], { key: true })).toBe(9);
    expect(file.line(['empty'], { key: true })).toBe(10);
  });

  it('falls back to the deepest existing parent for a missing path, and to the key for an empty value', () => {
    expect(file.line(['lessons', 1, 'title'])).toBe(5);
    expect(file.line(['lessons', 7, 'title'])).toBe(3);
    expect(file.line(['empty'])).toBe(10);
  });

  it('reports syntax problems with their line', () => {
    const broken = YamlFile.parse('b.yaml', 'a: 1\nb: [unclosed\nc: 3\n');
    expect(broken.syntaxProblems().length).toBeGreaterThan(0);
    expect(broken.syntaxProblems()[0]).toMatchObject({ file: 'b.yaml', message: expect.stringMatching(/^invalid YAML: /) });
    expect(broken.syntaxProblems()[0]!.line).toBeGreaterThanOrEqual(2);
  });
});
