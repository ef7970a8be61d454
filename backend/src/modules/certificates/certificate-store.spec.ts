import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LocalCertificateStore, certificateStorageKey } from './certificate-store.js';

describe('LocalCertificateStore', () => {
  const dirs: string[] = [];
  const fresh = () => {
    const dir = mkdtempSync(join(tmpdir(), 'htmse-cert-store-'));
    dirs.push(dir);
    return dir;
  };
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('keeps one file per key, replaced by a second write, with no temporary file left', async () => {
    const dir = fresh();
    const store = new LocalCertificateStore(dir);
    const key = certificateStorageKey('secret-'.repeat(6), '3b0e1c3e-8a4f-4d8e-9b62-0c1d2e3f4a5b');
    await store.put(key, Buffer.from('first'));
    await store.put(key, Buffer.from('second'));
    expect((await store.get(key))?.toString()).toBe('second');
    expect(readdirSync(join(dir, key.slice(0, 2)))).toEqual([key.slice(3)]);
    await store.delete(key);
    expect(await store.get(key)).toBeNull();
    await store.delete(key); // deleting what is gone is not an error
  });

  it('writes again after its fan-out folder was removed behind its back', async () => {
    const dir = fresh();
    const store = new LocalCertificateStore(dir);
    const key = certificateStorageKey('secret-'.repeat(6), 'a1b2c3d4-0000-4000-8000-000000000001');
    await store.put(key, Buffer.from('one'));
    rmSync(join(dir, key.slice(0, 2)), { recursive: true });
    await store.put(key, Buffer.from('two'));
    expect((await store.get(key))?.toString()).toBe('two');
  });

  it('refuses a key that is not a certificate key, for writing and reading', async () => {
    const store = new LocalCertificateStore(fresh());
    await expect(store.put('../escape.pdf', Buffer.from('x'))).rejects.toThrow(/not a certificate key/);
    expect(await store.get('../../etc/passwd')).toBeNull();
  });
});
