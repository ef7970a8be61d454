import { describe, expect, it } from 'vitest';
import { applyModuleOp, linesOf, parseModuleOp, postedModuleSlugs } from './course-modules';

describe('module ordering', () => {
  const slugs = ['a', 'b', 'c'];

  it('moves a module up and down', () => {
    expect(applyModuleOp(slugs, { kind: 'up', index: 1 })).toEqual(['b', 'a', 'c']);
    expect(applyModuleOp(slugs, { kind: 'down', index: 1 })).toEqual(['a', 'c', 'b']);
  });

  it('leaves the list alone at the ends and out of range', () => {
    expect(applyModuleOp(slugs, { kind: 'up', index: 0 })).toEqual(slugs);
    expect(applyModuleOp(slugs, { kind: 'down', index: 2 })).toEqual(slugs);
    expect(applyModuleOp(slugs, { kind: 'remove', index: 7 })).toEqual(slugs);
  });

  it('removes and adds (never twice)', () => {
    expect(applyModuleOp(slugs, { kind: 'remove', index: 0 })).toEqual(['b', 'c']);
    expect(applyModuleOp(slugs, { kind: 'add' }, 'd')).toEqual(['a', 'b', 'c', 'd']);
    expect(applyModuleOp(slugs, { kind: 'add' }, 'b')).toEqual(slugs);
  });

  it('parses only the buttons it knows', () => {
    expect(parseModuleOp('up:2')).toEqual({ kind: 'up', index: 2 });
    expect(parseModuleOp('add')).toEqual({ kind: 'add' });
    expect(parseModuleOp('sideways:1')).toBeNull();
    expect(parseModuleOp('up:-1')).toBeNull();
  });

  it('reads posted slugs in order, dropping junk and repeats', () => {
    const data = new FormData();
    for (const v of ['b', 'a', 'b', 'Not A Slug', '']) data.append('moduleSlugs', v);
    expect(postedModuleSlugs(data)).toEqual(['b', 'a']);
  });

  it('splits objectives one per line', () => {
    expect(linesOf(' one \r\n\n two\n')).toEqual(['one', 'two']);
  });
});
