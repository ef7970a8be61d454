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
  const email = `admin-${randomUUID()}@example.org`;
  const password = `admin password ${randomUUID()}`;
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const { rows } = await client.query<{ id: string }>(
    `INSERT INTO users (email, display_name, password_hash, email_verified_at, is_platform_admin)
     VALUES ($1, 'Test Admin', $2, now(), true) RETURNING id`,
    [email, await hashPassword(password)],
  );
  await client.end();
  const res = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password, tokenDelivery: 'body' }),
  });
  if (res.status !== 200) throw new Error(`admin login failed: ${res.status} ${await res.text()}`);
  const { accessToken } = (await res.json()) as { accessToken: string };
  return { userId: rows[0]!.id, email, password, accessToken, headers: { authorization: `Bearer ${accessToken}` } };
}
