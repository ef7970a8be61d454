import { randomInt, randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import type { StoredMail } from '../../src/infra/mail/mail-transport.js';
import type { TestApi } from './api.js';

export interface Person {
  userId: string;
  email: string;
  password: string;
  accessToken: string;
}

/**
 * A random client address for X-Forwarded-For. The API counts registrations per IP (10 an
 * hour); start it with TRUST_PROXY: 'true' so each sign-up counts as another client. Without
 * it the header is ignored and every sign-up is 127.0.0.1.
 */
export const randomClientIp = () => `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;

async function call(api: TestApi, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${api.baseUrl}${path}`, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

async function expectStatus(res: Response, status: number, what: string): Promise<void> {
  if (res.status !== status) throw new Error(`${what}: expected ${status}, got ${res.status} ${await res.text()}`);
}

/** Every mail the file mail driver wrote to `to`, oldest first. */
export async function mailsTo(mailDir: string, to: string): Promise<StoredMail[]> {
  let names: string[];
  try {
    names = (await readdir(mailDir)).filter((n) => n.endsWith('.json')).sort();
  } catch {
    return [];
  }
  const mails = await Promise.all(names.map(async (n) => JSON.parse(await readFile(join(mailDir, n), 'utf8')) as StoredMail));
  return mails.filter((m) => m.to.toLowerCase() === to.toLowerCase());
}

/**
 * The token of the newest link to `path` (e.g. '/verify-email') mailed to `to`. Mail is sent
 * by a job after the response, so this polls (up to timeoutMs). `skip` ignores tokens already
 * seen, to wait for a newer mail of the same kind.
 */
export async function tokenFromMail(mailDir: string, to: string, path: string, opts: { timeoutMs?: number; skip?: string[] } = {}): Promise<string> {
  const pattern = new RegExp(`${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\?token=([A-Za-z0-9_%.~-]+)`);
  const deadline = Date.now() + (opts.timeoutMs ?? 5_000);
  for (;;) {
    const mails = await mailsTo(mailDir, to);
    for (const mail of mails.reverse()) {
      const match = pattern.exec(mail.text);
      const token = match?.[1] ? decodeURIComponent(match[1]) : undefined;
      if (token && !opts.skip?.includes(token)) return token;
    }
    if (Date.now() > deadline) throw new Error(`no mail to ${to} with a ${path} link in ${mailDir}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Signs in through the API and answers the access token. */
export async function logIn(api: TestApi, email: string, password: string): Promise<string> {
  const res = await call(api, 'POST', '/api/auth/login', { email, password });
  await expectStatus(res, 200, `login as ${email}`);
  return ((await res.json()) as { accessToken: string }).accessToken;
}

/**
 * A new, verified, signed-in person, made through the public API only: register, follow the
 * verification link from the mail, log in, read /api/me. Needs the API started with
 * QUEUE_DRIVER 'inline' (or a worker) and MAIL_DIR = mailDir.
 */
export async function signUp(api: TestApi, mailDir: string, opts: { email?: string; displayName?: string; password?: string } = {}): Promise<Person> {
  const email = (opts.email ?? `${randomUUID()}@example.org`).toLowerCase();
  const displayName = opts.displayName ?? `Person ${randomUUID().slice(0, 8)}`;
  const password = opts.password ?? `correct horse ${randomUUID()}`;

  await expectStatus(
    await call(api, 'POST', '/api/auth/register', { email, displayName, password }, { 'x-forwarded-for': randomClientIp() }),
    202,
    `register ${email}`,
  );
  const token = await tokenFromMail(mailDir, email, '/verify-email');
  await expectStatus(await call(api, 'POST', '/api/auth/verify-email', { token }), 204, `verify ${email}`);
  const accessToken = await logIn(api, email, password);
  const me = await call(api, 'GET', '/api/me', undefined, { authorization: `Bearer ${accessToken}` });
  await expectStatus(me, 200, `GET /api/me as ${email}`);
  const { id } = (await me.json()) as { id: string };
  return { userId: id, email, password, accessToken };
}

/** Makes the user a platform admin. No new login needed: the JWT strategy reads the flag per request. */
export async function makePlatformAdmin(databaseUrl: string, userId: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query(`UPDATE users SET is_platform_admin = true WHERE id = $1`, [userId]);
    if (rowCount !== 1) throw new Error(`no user ${userId}`);
  } finally {
    await client.end();
  }
}
