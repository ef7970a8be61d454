import { describe, expect, it } from 'vitest';
import { contentImportArgs } from './cli-args.js';

describe('content:import arguments', () => {
  it('takes an optional content directory and an optional private question bank, in any order', () => {
    expect(contentImportArgs([])).toEqual({ dir: undefined, questions: undefined });
    expect(contentImportArgs(['content'])).toEqual({ dir: 'content', questions: undefined });
    expect(contentImportArgs(['--questions', '/srv/bank'])).toEqual({ dir: undefined, questions: '/srv/bank' });
    expect(contentImportArgs(['--questions=/srv/bank', 'content'])).toEqual({ dir: 'content', questions: '/srv/bank' });
    expect(contentImportArgs(['content', '--questions', '/srv/bank'])).toEqual({ dir: 'content', questions: '/srv/bank' });
  });

  it('refuses a missing bank, an unknown option and a second directory', () => {
    expect(() => contentImportArgs(['--questions'])).toThrow(/--questions needs a directory/);
    expect(() => contentImportArgs(['--question', 'x'])).toThrow(/Unknown option --question/);
    expect(() => contentImportArgs(['a', 'b'])).toThrow(/Unexpected argument b/);
  });
});
