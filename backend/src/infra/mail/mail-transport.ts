import { randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { createTransport, type Transporter } from 'nodemailer';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
}

export interface StoredMail extends MailMessage {
  id: string;
  from: string;
  sentAt: string;
}

/** Delivers a message. Called only by the mail.send job, never inside a request. */
export abstract class MailTransport {
  abstract readonly kind: 'smtp' | 'file';
  abstract send(message: MailMessage): Promise<void>;
}

export class SmtpMailTransport extends MailTransport {
  readonly kind = 'smtp' as const;
  private readonly transporter: Transporter;

  constructor(
    smtpUrl: string,
    private readonly from: string,
  ) {
    super();
    this.transporter = createTransport(smtpUrl);
  }

  async send(message: MailMessage): Promise<void> {
    await this.transporter.sendMail({ from: this.from, ...message });
  }
}

/**
 * Development: each message becomes a JSON file in a folder, listed at /dev/mail so a new user
 * can click the verification link without a mail server. Refused in production by the config.
 */
export class FileMailTransport extends MailTransport {
  readonly kind = 'file' as const;
  readonly dir: string;

  constructor(
    dir: string,
    private readonly from: string,
  ) {
    super();
    this.dir = resolve(dir);
  }

  async send(message: MailMessage): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    const mail: StoredMail = { id: randomUUID(), from: this.from, sentAt: new Date().toISOString(), ...message };
    const name = `${mail.sentAt.replace(/[:.]/g, '-')}-${mail.id}.json`;
    // Written under another name, then renamed: a reader listing *.json (/dev/mail, the tests)
    // never sees a half-written file (seen on a loaded machine as "Unexpected end of JSON input").
    const partial = join(this.dir, `${name}.partial`);
    await writeFile(partial, JSON.stringify(mail, null, 2), { mode: 0o600 });
    await rename(partial, join(this.dir, name));
  }

  /** Newest first. */
  async list(limit = 50): Promise<StoredMail[]> {
    let names: string[];
    try {
      names = (await readdir(this.dir)).filter((n) => n.endsWith('.json'));
    } catch {
      return [];
    }
    names.sort().reverse();
    const mails = await Promise.all(names.slice(0, limit).map(async (n) => JSON.parse(await readFile(join(this.dir, n), 'utf8')) as StoredMail));
    return mails;
  }
}
