import { describe, expect, it } from 'vitest';
import { availableParallelism } from 'node:os';
import { DomainError } from '../../common/errors/domain-error.js';
import { ErrorCode } from '../../common/errors/error-code.js';
import { HashQueue, hashPassword, passwordHashing, passwordProblems, verifyPassword } from './passwords.js';
import { hashToken, newToken, normaliseEmail } from './tokens.js';

describe('passwordProblems', () => {
  it('requires 12 characters, counting characters not bytes', () => {
    expect(passwordProblems('short-pass1')).toEqual(['password must be at least 12 characters']);
    expect(passwordProblems('éééééééééééé')).toEqual([]);
    expect(passwordProblems('a quiet river at dawn')).toEqual([]);
  });

  it('refuses passwords from the shipped common list, whatever their case', () => {
    expect(passwordProblems('qwerty123456')[0]).toMatch(/most common passwords/);
    expect(passwordProblems('QWERTY123456')[0]).toMatch(/most common passwords/);
  });

  it('imposes no composition rules', () => {
    expect(passwordProblems('alllowercaseletters')).toEqual([]);
  });

  it('bounds the length', () => {
    expect(passwordProblems('x'.repeat(257))).toEqual(['password must be at most 256 characters']);
  });
});

describe('hashing', () => {
  it('stores argon2id hashes that verify only the right password', async () => {
    const h = await hashPassword('correct horse battery');
    expect(h).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(h, 'correct horse battery')).toBe(true);
    expect(await verifyPassword(h, 'correct horse battery!')).toBe(false);
  });

  it('answers false for an account without a hash', async () => {
    expect(await verifyPassword(null, 'anything at all here')).toBe(false);
  });
});

describe('tokens', () => {
  it('are 256-bit, URL-safe, unique, and stored as SHA-256', () => {
    const a = newToken();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(newToken()).not.toBe(a);
    expect(hashToken(a)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashToken(a)).toBe(hashToken(a));
  });

  it('normalises emails for lookups', () => {
    expect(normaliseEmail('  Ana.Silva@Example.ORG ')).toBe('ana.silva@example.org');
  });
});

describe('HashQueue (bounded hashing)', () => {
  const deferred = () => {
    let resolve!: () => void;
    let reject!: (e: Error) => void;
    const promise = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)));
    return { promise, resolve, reject };
  };
  const tick = () => new Promise((r) => setImmediate(r));

  it('runs at most `concurrency` at once; the others wait and start in order', async () => {
    const queue = new HashQueue(2, 10);
    const gates = [deferred(), deferred(), deferred(), deferred()];
    const started: number[] = [];
    const runs = gates.map((g, i) => queue.run(async () => (started.push(i), await g.promise, i)));
    await tick();
    expect(started).toEqual([0, 1]);
    expect(queue.pending).toBe(2);
    gates[1]!.resolve();
    await tick();
    expect(started).toEqual([0, 1, 2]);
    gates[0]!.resolve();
    gates[2]!.resolve();
    gates[3]!.resolve();
    expect(await Promise.all(runs)).toEqual([0, 1, 2, 3]);
    expect(queue.pending).toBe(0);
  });

  it('frees the slot when the work fails', async () => {
    const queue = new HashQueue(1, 10);
    await expect(queue.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await queue.run(() => Promise.resolve('next'))).toBe('next');
  });

  it('refuses with 503 and Retry-After once maxWaiting are waiting', async () => {
    const queue = new HashQueue(1, 1);
    const gate = deferred();
    const first = queue.run(() => gate.promise);
    const second = queue.run(() => Promise.resolve());
    await tick();
    const refused = await queue.run(() => Promise.resolve()).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(DomainError);
    expect(refused).toMatchObject({ code: ErrorCode.ServiceUnavailable, headers: { 'Retry-After': '5' } });
    // The same answer up front, without queueing anything (sign-in asks before counting an attempt).
    expect(queue.full).toBe(true);
    expect(() => queue.refuseIfFull()).toThrow(DomainError);
    gate.resolve();
    await tick();
    expect(queue.full).toBe(false);
    expect(() => queue.refuseIfFull()).not.toThrow();
    await Promise.all([first, second]);
  });

  it('puts the application’s hashing through one queue, leaving a core for requests', () => {
    expect(passwordHashing.concurrency).toBe(Math.max(1, availableParallelism() - 1));
  });
});
