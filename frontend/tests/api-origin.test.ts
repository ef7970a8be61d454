import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { beforeAll, describe, expect, inject, it } from 'vitest';

/**
 * The API as API clients reach it: through the web app's origin (/api), as the built app serves
 * it. Only here do adapter-node's body limit and the web app's cross-site form check apply
 * (issue #7, finding 11): Bearer uploads were refused as "cross-site form submissions" (text, not
 * the error shape), and a body over BODY_SIZE_LIMIT answered 503 "The API is not reachable".
 */
const baseUrl = inject('baseUrl');
const databaseUrl = inject('databaseUrl');
/** A 1×1 PNG. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

let accessToken: string;

/** A platform admin (they may upload images), registered through /api and promoted in SQL. */
beforeAll(async () => {
  const email = `api-client.${randomUUID()}@example.org`;
  const password = `an api client passphrase ${randomUUID()}`;
  const registered = await fetch(`${baseUrl}/api/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, displayName: 'API Client', password })
  });
  expect(registered.status).toBe(202);
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const result = await db.query('UPDATE users SET is_platform_admin = true, email_verified_at = now() WHERE email = $1', [email]);
    expect(result.rowCount).toBe(1);
  } finally {
    await db.end();
  }
  const login = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password, tokenDelivery: 'body' })
  });
  expect(login.status).toBe(200);
  accessToken = ((await login.json()) as { accessToken: string }).accessToken;
});

function upload(bytes: Uint8Array<ArrayBuffer>, headers: Record<string, string> = { authorization: `Bearer ${accessToken}` }) {
  const form = new FormData();
  form.append('file', new Blob([bytes], { type: 'image/png' }), 'pixel.png');
  return fetch(`${baseUrl}/api/authoring/images`, { method: 'POST', headers, body: form });
}

describe('the API through the web origin', () => {
  it('takes a multipart upload from an API client with a Bearer token, and serves the image', async () => {
    const res = await upload(PNG);
    const body = (await res.json()) as { url: string; contentType: string };
    expect(res.status, JSON.stringify(body)).toBe(201);
    expect(body.contentType).toBe('image/png');
    const image = await fetch(`${baseUrl}${body.url}`);
    expect(image.status).toBe(200);
    expect(Buffer.from(await image.arrayBuffer()).equals(PNG)).toBe(true);
  });

  it('answers a body over BODY_SIZE_LIMIT (10 MB here) with 413 in the API error shape', async () => {
    const tooLarge = new Uint8Array(11 * 1024 * 1024);
    // A page of the app itself (same origin, as a browser sends it), and an API client.
    const senders: [string, Record<string, string>][] = [
      ['same-origin page', { origin: baseUrl }],
      ['API client', { authorization: `Bearer ${accessToken}` }]
    ];
    for (const [who, headers] of senders) {
      const res = await upload(tooLarge, headers);
      expect(res.status, who).toBe(413);
      expect(res.headers.get('content-type')).toContain('application/json');
      expect(await res.json()).toEqual({
        statusCode: 413,
        code: 'PAYLOAD_TOO_LARGE',
        message: 'The request body is too large',
        requestId: res.headers.get('x-request-id')
      });
    }
  });

  it('still refuses a cross-site form post to the API, in the error shape', async () => {
    const res = await fetch(`${baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' },
      body: 'email=a%40example.org&password=whatever'
    });
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ statusCode: 403, code: 'FORBIDDEN', requestId: res.headers.get('x-request-id') });
  });
});
