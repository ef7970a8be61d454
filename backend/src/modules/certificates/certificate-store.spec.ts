import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CertificateStoreSweeper, STALE_TEMPORARY_MS } from './certificate-store-sweeper.js';
import { certificateStorageKey, LocalCertificateStore } from './certificate-store.js';

describe('LocalCertificateStore: stale temporary files', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'htmse-cert-store-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const aged = async (path: string, ms: number) => {
    const when = new Date(Date.now() - ms);
    await utimes(path, when, when);
  };

  it('deletes only temporary files older than the cut-off, never a stored file or anything else', async () => {
    const store = new LocalCertificateStore(dir);
    const key = certificateStorageKey('secret', '00000000-0000-4000-8000-000000000001');
    await store.put(key, Buffer.from('%PDF-stored'));
    const folder = join(dir, key.slice(0, 2));
    const base = key.slice(3);
    const stale = join(folder, `${base}.4242.k3j9x.tmp`);
    const fresh = join(folder, `${base}.4243.a1b2.tmp`);
    const foreign = join(folder, 'notes.tmp');
    await writeFile(stale, 'half');
    await writeFile(fresh, 'in progress');
    await writeFile(foreign, 'not ours');
    await aged(stale, STALE_TEMPORARY_MS + 60_000);
    await aged(foreign, STALE_TEMPORARY_MS + 60_000);
    await aged(join(dir, key), STALE_TEMPORARY_MS + 60_000);
    // A stray folder that is not a fan-out folder is not walked.
    await mkdir(join(dir, 'other'));
    const strayTmp = join(dir, 'other', `${base}.1.x.tmp`);
    await writeFile(strayTmp, 'x');
    await aged(strayTmp, STALE_TEMPORARY_MS + 60_000);

    const deleted = await store.sweepTemporary(new Date(Date.now() - STALE_TEMPORARY_MS));
    expect(deleted).toBe(1);
    expect((await readdir(folder)).sort()).toEqual([base, `${base}.4243.a1b2.tmp`, 'notes.tmp'].sort());
    expect((await store.get(key))?.toString()).toBe('%PDF-stored');
    expect(await readdir(join(dir, 'other'))).toEqual([`${base}.1.x.tmp`]);
  });

  it('a store directory that does not exist yet has nothing to sweep', async () => {
    expect(await new LocalCertificateStore(join(dir, 'missing')).sweepTemporary(new Date())).toBe(0);
  });

  it('a completed put leaves no temporary file; one left in put’s own naming is swept once stale', async () => {
    const store = new LocalCertificateStore(dir);
    const key = certificateStorageKey('secret', '00000000-0000-4000-8000-000000000002');
    await store.put(key, Buffer.from('%PDF'));
    await store.put(key, Buffer.from('%PDF again'));
    expect(await readdir(join(dir, key.slice(0, 2)))).toEqual([key.slice(3)]);
    // What a kill -9 between put's write and its rename leaves (put's naming: <key>.<pid>.<random>.tmp):
    const left = join(dir, key.slice(0, 2), `${key.slice(3)}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`);
    await writeFile(left, 'half');
    expect(await store.sweepTemporary(new Date(Date.now() - STALE_TEMPORARY_MS))).toBe(0);
    await aged(left, STALE_TEMPORARY_MS * 2);
    expect(await store.sweepTemporary(new Date(Date.now() - STALE_TEMPORARY_MS))).toBe(1);
    expect(await readdir(join(dir, key.slice(0, 2)))).toEqual([key.slice(3)]);
  });
});

describe('CertificateStoreSweeper', () => {
  it('sweeps with the ten-minute cut-off, logs what it deleted, and never throws', async () => {
    const calls: Date[] = [];
    const store = {
      sweepTemporary: (before: Date) => {
        calls.push(before);
        return calls.length === 1 ? Promise.resolve(3) : Promise.reject(new Error('EACCES'));
      },
    };
    const logger = { info: vi.fn(), warn: vi.fn() } as unknown as Logger;
    const sweeper = new CertificateStoreSweeper(store as never, logger);
    const now = new Date('2026-12-02T12:00:00Z');
    expect(await sweeper.sweep(now)).toBe(3);
    expect(calls[0]!.getTime()).toBe(now.getTime() - STALE_TEMPORARY_MS);
    expect(logger.info).toHaveBeenCalledWith({ deleted: 3 }, expect.any(String));
    expect(await sweeper.sweep(now)).toBe(0);
    expect(logger.warn).toHaveBeenCalled();
  });
});

describe('LocalCertificateStore: files', () => {
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
