import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LocalDirectoryStorage } from './storage.js';

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

describe('LocalDirectoryStorage', () => {
  it('stores and reads back a file, creating the directory', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'htmse-storage-'));
    dirs.push(dir);
    const storage = new LocalDirectoryStorage(join(dir, 'nested'));
    const name = `${'a'.repeat(32)}.png`;
    await storage.put(name, Buffer.from('data'));
    expect((await storage.get(name))?.toString()).toBe('data');
    expect(await storage.get(`${'b'.repeat(32)}.png`)).toBeNull();
    await storage.delete(name);
    expect(await storage.get(name)).toBeNull();
    await expect(storage.delete(name)).resolves.toBeUndefined();
  });

  it('never touches a path that is not a stored name', async () => {
    const storage = new LocalDirectoryStorage(tmpdir());
    expect(await storage.get('../etc/passwd')).toBeNull();
    await expect(storage.put('../evil.png', Buffer.from('x'))).rejects.toThrow(/not a stored file name/);
    await expect(storage.delete('../evil.png')).rejects.toThrow(/not a stored file name/);
  });
});
