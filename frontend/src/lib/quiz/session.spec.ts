import { describe, expect, it, vi } from 'vitest';
import { AttemptSession, outcomeOf } from './session.svelte';
import { attemptFixture } from './test-fixtures';

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('outcomeOf', () => {
  it("reads the autosave endpoint's answers into what the queue does next", async () => {
    expect(await outcomeOf(json(200, { version: 4, savedAt: 's', items: [] }))).toMatchObject({ kind: 'saved', result: { version: 4 } });
    expect(await outcomeOf(json(409, { code: 'ATTEMPT_VERSION_CONFLICT', message: 'Stale' }))).toEqual({ kind: 'conflict' });
    expect(await outcomeOf(json(409, { code: 'ATTEMPT_CLOSED', message: 'The time limit has passed.' }))).toEqual({
      kind: 'closed',
      message: 'The time limit has passed.'
    });
    expect((await outcomeOf(json(401, { message: 'Sign in again' }))).kind).toBe('signed-out');
    expect(await outcomeOf(json(400, { message: 'answers[0].value is malformed' }))).toEqual({ kind: 'invalid', message: 'answers[0].value is malformed' });
    expect((await outcomeOf(json(503, {}))).kind).toBe('failed');
    expect((await outcomeOf(json(429, {}))).kind).toBe('failed');
    expect((await outcomeOf(new Response('<html>Bad gateway</html>', { status: 502 }))).kind).toBe('failed');
  });
});

describe('AttemptSession', () => {
  it('after a conflict takes the answers saved elsewhere, keeps its own unsaved ones, and says so', async () => {
    const fresh = attemptFixture({ version: 8 });
    fresh.items[0]!.answer = { optionId: 'o3' };
    fresh.items[1]!.answer = { optionIds: ['m2'] };
    const fetcher = vi.fn(async (_url: string | URL | Request, init?: RequestInit) => {
      if (init?.method === 'PUT') {
        const body = JSON.parse(init.body as string) as { version: number };
        return body.version === 3 ? json(409, { code: 'ATTEMPT_VERSION_CONFLICT' }) : json(200, { version: 9, savedAt: 's', items: [] });
      }
      return json(200, fresh);
    });
    const session = new AttemptSession(attemptFixture(), fetcher as unknown as typeof fetch);
    session.setAnswer('item-1', { optionId: 'o1' });
    expect(await session.flush()).toBe(true);
    // Its own answer to question 1 stays; question 2 comes from the other window.
    expect(session.answers['item-1']).toEqual({ optionId: 'o1' });
    expect(session.answers['item-2']).toEqual({ optionIds: ['m2'] });
    expect(session.notice).toContain('One answer was updated from there');
    expect(session.version).toBe(9);
    const puts = fetcher.mock.calls.filter(([, init]) => init?.method === 'PUT').map(([, init]) => JSON.parse(init!.body as string) as { version: number });
    expect(puts.map((b) => b.version)).toEqual([3, 8]);
    session.dispose();
  });
});
