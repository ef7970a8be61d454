import { describe, expect, it } from 'vitest';
import { hashPassword, passwordProblems, verifyPassword } from './passwords.js';
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
