import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { hashPassword } from '../../src/modules/identity/passwords.js';

export interface SignedIn {
  userId: string;
  email: string;
  password: string;
  accessToken: string;
  headers: Record<string, string>;
}

/**
 * A verified platform admin written straight into the database (as an operator would seed the
 * first one), then signed in through the real API, so the token is a real session.
 */
export async function signInAsNewAdmin(baseUrl: string, databaseUrl: string): Promise<SignedIn> {
  const user = await createVerifiedUser(databaseUrl, { admin: true });
  return signIn(baseUrl, user);
}

/** A verified account written straight into the database, not yet signed in. */
export async function createVerifiedUser(databaseUrl: string, opts: { admin?: boolean } = {}): Promise<{ userId: string; email: string; password: string }> {
  const email = `${opts.admin ? 'admin' : 'user'}-${randomUUID()}@example.org`;
  const password = `test password ${randomUUID()}`;
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const { rows } = await client.query<{ id: string }>(
    `INSERT INTO users (email, display_name, password_hash, email_verified_at, is_platform_admin)
     VALUES ($1, $2, $3, now(), $4) RETURNING id`,
    [email, opts.admin ? 'Test Admin' : 'Test User', await hashPassword(password), opts.admin ?? false],
  );
  await client.end();
  return { userId: rows[0]!.id, email, password };
}

/** Signs in through the real API (tokens in the body, as an API client). */
export async function signIn(baseUrl: string, user: { userId: string; email: string; password: string }): Promise<SignedIn> {
  const { email, password } = user;
  const res = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password, tokenDelivery: 'body' }),
  });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${await res.text()}`);
  const { accessToken } = (await res.json()) as { accessToken: string };
  return { userId: user.userId, email, password, accessToken, headers: { authorization: `Bearer ${accessToken}` } };
}
