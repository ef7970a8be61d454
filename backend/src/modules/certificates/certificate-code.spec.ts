import { describe, expect, it } from 'vitest';
import { CODE_ALPHABET, CODE_PATTERN, derivedUuid, generateCertificateCode, normaliseCertificateCode } from './certificate-code.js';

describe('certificate codes', () => {
  it('are HTM- and three groups of four unambiguous characters', () => {
    for (let i = 0; i < 500; i++) {
      const code = generateCertificateCode();
      expect(code).toMatch(CODE_PATTERN);
      expect(code.slice(4)).not.toMatch(/[ILOU]/);
    }
    expect(CODE_ALPHABET).toHaveLength(32);
    expect(new Set(CODE_ALPHABET).size).toBe(32);
  });

  it('come from the random source, every symbol reachable', () => {
    expect(generateCertificateCode((n) => Buffer.alloc(n, 0))).toBe('HTM-0000-0000-0000');
    expect(generateCertificateCode((n) => Buffer.alloc(n, 31))).toBe('HTM-ZZZZ-ZZZZ-ZZZZ');
    // Only the low five bits count, so 32 and 0 give the same symbol: no bias from 256 % 32.
    expect(generateCertificateCode((n) => Buffer.from(Array.from({ length: n }, (_, i) => 32 * (i % 8) + i)))).toBe('HTM-0123-4567-89AB');
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) for (const c of generateCertificateCode().slice(4).replace(/-/g, '')) seen.add(c);
    expect(seen.size).toBe(32);
  });

  it('do not repeat across many draws (60 random bits)', () => {
    const codes = new Set(Array.from({ length: 20_000 }, () => generateCertificateCode()));
    expect(codes.size).toBe(20_000);
  });

  it('read what a person types: case, spaces, dashes and look-alikes', () => {
    expect(normaliseCertificateCode('HTM-7K3M-Q9XZ-2B4T')).toBe('HTM-7K3M-Q9XZ-2B4T');
    expect(normaliseCertificateCode(' htm 7k3m q9xz 2b4t ')).toBe('HTM-7K3M-Q9XZ-2B4T');
    expect(normaliseCertificateCode('HTM7K3MQ9XZ2B4T')).toBe('HTM-7K3M-Q9XZ-2B4T');
    expect(normaliseCertificateCode('HTM-OOII-LL00-1234')).toBe('HTM-0011-1100-1234');
  });

  it('refuse what cannot be a code', () => {
    for (const bad of [
      '',
      'HTM',
      'ABC-7K3M-Q9XZ-2B4T',
      'HTM-7K3M-Q9XZ-2B4',
      'HTM-7K3M-Q9XZ-2B4TT',
      'HTM-UUUU-Q9XZ-2B4T',
      'HTM-7K3M-Q9XZ-2B4T'.repeat(3),
      "HTM-'; DROP",
    ]) {
      expect(normaliseCertificateCode(bad)).toBeNull();
    }
  });

  it('derive one stable UUID per name', () => {
    const a = derivedUuid('3f0c1a62-5f4e-4c39-9a57-0d7c0b4a3c11');
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(derivedUuid('3f0c1a62-5f4e-4c39-9a57-0d7c0b4a3c11')).toBe(a);
    expect(derivedUuid('batch', '3f0c1a62-5f4e-4c39-9a57-0d7c0b4a3c11')).not.toBe(a);
  });
});
