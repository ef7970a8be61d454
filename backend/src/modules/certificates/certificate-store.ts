import { createHmac } from 'node:crypto';
import { mkdir, readdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';

/** A stored certificate's key: two hex characters of fan-out, then 32 hex characters and ".pdf". */
export const CERTIFICATE_KEY = /^([0-9a-f]{2})\/([0-9a-f]{32})\.pdf$/;

/**
 * Where certificates' PDFs live, keyed by certificate. The key is an HMAC of the certificate id
 * under a server secret: the same for every attempt to issue one certificate (a retry after a
 * crash overwrites its own file, never adds a second one), and not derivable from anything a
 * learner sees. Files are only ever served by the authorised download route.
 */
export abstract class CertificateStore {
  abstract put(key: string, data: Buffer): Promise<void>;
  /** The file's bytes, or null when there is none. */
  abstract get(key: string): Promise<Buffer | null>;
  abstract delete(key: string): Promise<void>;
  /**
   * Deletes temporary files (a write interrupted by a crash) last modified before `before`;
   * answers how many. Stores without temporary files have none to delete.
   */
  sweepTemporary(before: Date): Promise<number> {
    void before;
    return Promise.resolve(0);
  }
}

/** A temporary file of LocalCertificateStore.put: `<key>.<pid>.<random>.tmp` beside its key. */
const TEMPORARY = /^[0-9a-f]{32}\.pdf\.\d+\.[0-9a-z]*\.tmp$/;
const FAN_OUT = /^[0-9a-f]{2}$/;

/** The storage key of a certificate id under `secret`. */
export function certificateStorageKey(secret: string, certificateId: string): string {
  const mac = createHmac('sha256', secret).update(`htmse-certificate-file:${certificateId}`).digest('hex').slice(0, 32);
  return `${mac.slice(0, 2)}/${mac}.pdf`;
}

/** The default: a local directory (CERTIFICATE_DIR), which the worker writes and every API process reads. */
export class LocalCertificateStore extends CertificateStore {
  private readonly dir: string;
  /** Fan-out folders known to exist (at most 256): a write does not ask the file system again. */
  private readonly made = new Set<string>();

  constructor(dir: string) {
    super();
    this.dir = resolve(dir);
  }

  private pathOf(key: string): string {
    // Keys are made by certificateStorageKey; the check keeps any other string out of the path.
    if (!CERTIFICATE_KEY.test(key)) throw new Error(`not a certificate key: ${key.slice(0, 60)}`);
    return join(this.dir, key);
  }

  async put(key: string, data: Buffer): Promise<void> {
    const path = this.pathOf(key);
    const folder = join(this.dir, key.slice(0, 2));
    if (!this.made.has(folder)) {
      await mkdir(folder, { recursive: true });
      this.made.add(folder);
    }
    // Written under a temporary name, then renamed over: a reader never sees half a file, and a
    // second write of the same key replaces the first (one file per certificate).
    const temporary = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    try {
      await writeFile(temporary, data, { mode: 0o640 });
    } catch (err) {
      // The folder was removed since (an operator cleaning up): make it again, once.
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      await mkdir(folder, { recursive: true });
      await writeFile(temporary, data, { mode: 0o640 });
    }
    await rename(temporary, path);
  }

  async get(key: string): Promise<Buffer | null> {
    if (!CERTIFICATE_KEY.test(key)) return null;
    try {
      return await readFile(this.pathOf(key));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }

  async delete(key: string): Promise<void> {
    try {
      await unlink(this.pathOf(key));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  }

  /**
   * A `kill -9` between the write and the rename leaves `<key>.<pid>.<random>.tmp` behind (never
   * served: no key names it). Those older than `before` are deleted; a younger one may be a write
   * in progress in another process. Reads the 256 fan-out folders one at a time (async: no stall).
   */
  override async sweepTemporary(before: Date): Promise<number> {
    let folders: string[];
    try {
      folders = await readdir(this.dir);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 0;
      throw err;
    }
    let deleted = 0;
    for (const folder of folders) {
      if (!FAN_OUT.test(folder)) continue;
      let names: string[];
      try {
        names = await readdir(join(this.dir, folder));
      } catch {
        continue; // not a folder, or gone meanwhile
      }
      for (const name of names) {
        if (!TEMPORARY.test(name)) continue;
        const path = join(this.dir, folder, name);
        try {
          if ((await stat(path)).mtimeMs >= before.getTime()) continue;
          await unlink(path);
          deleted++;
        } catch (err) {
          // Renamed or swept by another process meanwhile.
          if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
        }
      }
    }
    return deleted;
  }
}
