import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { generateOpenApi } from '../../openapi-writer.js';
import { sortedJson } from './openapi.js';

describe('sortedJson', () => {
  it('sorts object keys at every depth', () => {
    const text = sortedJson({ b: 1, a: { d: { z: 1, y: 2 }, c: 2 }, list: [{ q: 1, p: 2 }] });
    const order = (json: string) => [...json.matchAll(/"(\w+)":/g)].map((m) => m[1]);
    expect(order(text)).toEqual(['a', 'c', 'd', 'y', 'z', 'b', 'list', 'p', 'q']);
  });

  it('keeps the order of array items and the values themselves', () => {
    const value = { items: [3, 1, 2, { b: null, a: 'x' }, ['z', 'a']], flag: false, text: 'é "quoted"' };
    const text = sortedJson(value);
    expect(JSON.parse(text)).toEqual(value);
    expect((JSON.parse(text) as { items: unknown[] }).items).toEqual([3, 1, 2, { a: 'x', b: null }, ['z', 'a']]);
  });

  it('is the same whatever order the keys were inserted in', () => {
    expect(sortedJson({ a: 1, b: { c: 1, d: 2 } })).toBe(sortedJson({ b: { d: 2, c: 1 }, a: 1 }));
  });

  it('indents with two spaces and ends with one newline', () => {
    const text = sortedJson({ a: [1] });
    expect(text).toBe('{\n  "a": [\n    1\n  ]\n}\n');
    expect(text.endsWith('}\n')).toBe(true);
    expect(text.endsWith('\n\n')).toBe(false);
  });
});

describe('committed OpenAPI document', () => {
  it('matches what the controllers generate', async () => {
    const committed = await readFile(new URL('../../../openapi.json', import.meta.url), 'utf8');
    const actual = await generateOpenApi();
    expect(actual, 'backend/openapi.json is stale: run npm run openapi').toBe(committed);
  }, 30_000);
});
