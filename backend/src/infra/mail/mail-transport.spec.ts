import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FileMailTransport } from './mail-transport.js';

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('FileMailTransport', () => {
  it('writes each message whole under its .json name (no partial file left) and lists it, while readers list concurrently', async () => {
    dir = await mkdtemp(join(tmpdir(), 'htmse-mail-'));
    const transport = new FileMailTransport(dir, 'HTMSE <no-reply@example.org>');
    const text = 'x'.repeat(4_000_000);
    let sending = true;
    const sends = Promise.all(Array.from({ length: 10 }, (_, i) => transport.send({ to: `p${i}@example.org`, subject: `s${i}`, text }))).finally(() => {
      sending = false;
    });
    // Listing while the files are being written must never meet a half-written one.
    let lists = 0;
    while (sending) {
      await transport.list();
      lists++;
    }
    await sends;
    expect(lists).toBeGreaterThan(0);
    const names = await readdir(dir);
    expect(names.filter((n) => n.endsWith('.json'))).toHaveLength(10);
    expect(names.filter((n) => !n.endsWith('.json'))).toEqual([]);
    const listed = await transport.list();
    expect(listed).toHaveLength(10);
    expect(listed.every((m) => m.text === text && m.from === 'HTMSE <no-reply@example.org>')).toBe(true);
  });
});
