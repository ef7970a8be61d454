import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { ConfigError, defaultQueuePrefix, loadConfig } from './config.js';

const DATABASE_URL = 'postgres://app:pw@localhost:5432/htmse';
const JWT_SECRET = 'unit-test-secret-unit-test-secret-0123';
const BASE = { DATABASE_URL, JWT_SECRET };

/** Runs loadConfig and returns the ConfigError it throws (fails the test if it does not throw one). */
function configError(env: NodeJS.ProcessEnv, role?: 'api'): ConfigError {
  try {
    loadConfig(env, role);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return err as ConfigError;
  }
  throw new Error('loadConfig did not throw');
}

describe('loadConfig', () => {
  it('fills in the documented defaults from a minimal valid environment', () => {
    const config = loadConfig({ ...BASE });

    expect(config.database).toEqual({ url: DATABASE_URL, poolMax: 10, migrationsRun: true });
    expect(config.http.port).toBe(3001);
    expect(config.http.host).toBe('127.0.0.1');
    expect(config.http.trustProxy).toBe(false);
    expect(config.queue.prefix).toBe(defaultQueuePrefix(DATABASE_URL));
    expect(config.queue.prefix).toMatch(/^htmse-[0-9a-f]{10}$/);
    expect(config.queue.concurrency).toBe(5);
    expect(config.queue.driver).toBe('inline');
    expect(config.queue.redisUrl).toBeUndefined();
    expect(config.logLevel).toBe('info');
    expect(config.shutdownTimeoutMs).toBe(25_000);
    expect(config.env).toBe('development');
    expect(config.isProduction).toBe(false);
  });

  it('reads process.env by default, and only the given object when one is passed', () => {
    vi.stubEnv('DATABASE_URL', DATABASE_URL);
    vi.stubEnv('JWT_SECRET', JWT_SECRET);
    vi.stubEnv('API_PORT', '4567');
    try {
      expect(loadConfig().http.port).toBe(4567);
      expect(loadConfig({ ...BASE }).http.port).toBe(3001);
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('picks the bullmq driver when REDIS_URL is set and no driver is named', () => {
    const config = loadConfig({ ...BASE, REDIS_URL: 'redis://localhost:6379' });
    expect(config.queue.driver).toBe('bullmq');
    expect(config.queue.redisUrl).toBe('redis://localhost:6379');
  });

  it('keeps an explicit inline driver even when REDIS_URL is set', () => {
    const config = loadConfig({ ...BASE, REDIS_URL: 'rediss://cache:6380', QUEUE_DRIVER: 'inline' });
    expect(config.queue.driver).toBe('inline');
  });

  it('parses numbers and booleans from strings', () => {
    const config = loadConfig({
      ...BASE,
      PUBLIC_ORIGIN: 'https://academy.example.org',
      SMTP_URL: 'smtp://mail:25',
      DATABASE_POOL_MAX: '25',
      API_PORT: ' 8080 ',
      WORKER_CONCURRENCY: '12',
      SHUTDOWN_TIMEOUT_MS: '5000',
      TRUST_PROXY: 'yes',
      NODE_ENV: 'production',
    });
    expect(config.database.poolMax).toBe(25);
    expect(config.http.port).toBe(8080);
    expect(config.queue.concurrency).toBe(12);
    expect(config.shutdownTimeoutMs).toBe(5000);
    expect(config.http.trustProxy).toBe(true);
    expect(config.isProduction).toBe(true);
  });

  it.each(['false', '0', 'FALSE', 'no', 'off'])('parses MIGRATIONS_RUN=%s as false', (value) => {
    expect(loadConfig({ ...BASE, MIGRATIONS_RUN: value }).database.migrationsRun).toBe(false);
  });

  it.each(['true', '1', 'On'])('parses TRUST_PROXY=%s as true', (value) => {
    expect(loadConfig({ ...BASE, TRUST_PROXY: value }).http.trustProxy).toBe(true);
  });

  it('refuses a boolean it cannot read instead of guessing', () => {
    const error = configError({ ...BASE, MIGRATIONS_RUN: 'maybe' });
    expect(error.problems.some((p) => p.startsWith('MIGRATIONS_RUN:'))).toBe(true);
  });

  it('treats empty strings as unset, so defaults apply', () => {
    const config = loadConfig({
      ...BASE,
      API_PORT: '',
      LOG_LEVEL: '',
      QUEUE_PREFIX: '',
      REDIS_URL: '',
      QUEUE_DRIVER: '',
      MIGRATIONS_RUN: '',
      DATABASE_POOL_MAX: '',
    });
    expect(config.http.port).toBe(3001);
    expect(config.logLevel).toBe('info');
    expect(config.queue.prefix).toBe(defaultQueuePrefix(DATABASE_URL));
    expect(config.queue.driver).toBe('inline');
    expect(config.queue.redisUrl).toBeUndefined();
    expect(config.database.migrationsRun).toBe(true);
    expect(config.database.poolMax).toBe(10);
  });

  it('gives installations with different databases different queue prefixes', () => {
    const prefixOf = (url: string) => loadConfig({ ...BASE, DATABASE_URL: url }).queue.prefix;
    const first = prefixOf('postgres://htmse:pw@127.0.0.1:5432/htmse');
    expect(prefixOf('postgres://htmse:pw@127.0.0.1:5433/htmse')).not.toBe(first);
    expect(prefixOf('postgres://htmse:pw@127.0.0.1:5432/other')).not.toBe(first);
    expect(prefixOf('postgres://htmse:pw@db.internal:5432/htmse')).not.toBe(first);
  });

  it('gives the processes of one installation the same prefix, whatever the credentials or options', () => {
    const prefixOf = (url: string) => loadConfig({ ...BASE, DATABASE_URL: url }).queue.prefix;
    const first = prefixOf('postgres://htmse:pw@DB.internal:5432/htmse');
    expect(prefixOf('postgresql://other:rotated@db.internal/htmse?sslmode=require')).toBe(first);
    expect(defaultQueuePrefix('postgres://htmse:pw@db.internal:5432/htmse')).toBe(first);
  });

  it('uses QUEUE_PREFIX when it is set', () => {
    expect(loadConfig({ ...BASE, QUEUE_PREFIX: 'htmse' }).queue.prefix).toBe('htmse');
    expect(loadConfig({ ...BASE, QUEUE_PREFIX: 'academy-eu' }).queue.prefix).toBe('academy-eu');
  });

  it('an empty DATABASE_URL is reported as missing', () => {
    const error = configError({ DATABASE_URL: '' });
    expect(error.problems.some((p) => p.startsWith('DATABASE_URL:'))).toBe(true);
  });

  it('names every bad variable in one error', () => {
    const error = configError({
      API_PORT: 'abc',
      LOG_LEVEL: 'loud',
      QUEUE_DRIVER: 'bullmq',
      DATABASE_POOL_MAX: '0',
      QUEUE_PREFIX: 'Not Valid',
    });

    const named = new Set(error.problems.map((p) => p.split(':')[0]));
    for (const variable of ['DATABASE_URL', 'API_PORT', 'LOG_LEVEL', 'REDIS_URL', 'DATABASE_POOL_MAX', 'QUEUE_PREFIX']) {
      expect(named, `problems should name ${variable}: ${JSON.stringify(error.problems)}`).toContain(variable);
    }
    // The bullmq-without-Redis problem says why REDIS_URL is needed.
    expect(error.problems.find((p) => p.startsWith('REDIS_URL:'))).toMatch(/QUEUE_DRIVER/);
    // And the message lists them all too, so the crash log is enough to fix the environment.
    for (const problem of error.problems) expect(error.message).toContain(problem);
    expect(error.name).toBe('ConfigError');
  });

  it('rejects values out of range', () => {
    const error = configError({ ...BASE, API_PORT: '70000', SHUTDOWN_TIMEOUT_MS: '10', WORKER_CONCURRENCY: '1.5' });
    const named = error.problems.map((p) => p.split(':')[0]);
    expect(named).toEqual(expect.arrayContaining(['API_PORT', 'SHUTDOWN_TIMEOUT_MS', 'WORKER_CONCURRENCY']));
  });

  it('never echoes a secret from a bad connection string', () => {
    const error = configError({
      DATABASE_URL: 'mysql://u:s3cret@h/db',
      REDIS_URL: 'http://:r3dispass@cache:6379',
    });
    expect(error.problems.map((p) => p.split(':')[0])).toEqual(expect.arrayContaining(['DATABASE_URL', 'REDIS_URL']));
    expect(error.message).not.toContain('s3cret');
    expect(error.message).not.toContain('r3dispass');
    expect(JSON.stringify(error.problems)).not.toContain('s3cret');
    expect(JSON.stringify(error.problems)).not.toContain('r3dispass');
  });

  it('requires a JWT secret of at least 32 characters', () => {
    expect(configError({ DATABASE_URL }).problems.join('\n')).toMatch(/JWT_SECRET/);
    expect(configError({ DATABASE_URL, JWT_SECRET: 'short' }).problems.join('\n')).toMatch(/JWT_SECRET: must be a random string of at least 32/);
  });

  it('defaults to 15-minute access tokens, 30-day refresh tokens and file mail outside production', () => {
    const config = loadConfig({ ...BASE });
    expect(config.auth).toEqual({ jwtSecret: JWT_SECRET, accessTtlSeconds: 900, refreshTtlDays: 30 });
    expect(config.mail.driver).toBe('file');
    expect(config.http.secureCookies).toBe(false);
    expect(loadConfig({ ...BASE, SMTP_URL: 'smtp://mail:25' }).mail.driver).toBe('smtp');
  });

  it('refuses in production: the placeholder secret, a plain-HTTP origin and file mail', () => {
    const problems = configError({
      DATABASE_URL,
      NODE_ENV: 'production',
      JWT_SECRET: 'replace-me-with-48-random-bytes-from-openssl-rand-base64-48',
      PUBLIC_ORIGIN: 'http://academy.example.org',
    }).problems.join('\n');
    expect(problems).toMatch(/JWT_SECRET: still the placeholder/);
    expect(problems).toMatch(/PUBLIC_ORIGIN: must be https/);
    expect(problems).toMatch(/MAIL_DRIVER: file is for development/);
  });

  it('makes session cookies Secure when the public origin is HTTPS', () => {
    const config = loadConfig({ ...BASE, NODE_ENV: 'production', PUBLIC_ORIGIN: 'https://academy.example.org', SMTP_URL: 'smtp://mail:25' });
    expect(config.http.secureCookies).toBe(true);
  });
});

describe('UPLOAD_DIR', () => {
  it('defaults to .data/uploads and can be set', () => {
    expect(loadConfig(BASE).storage.uploadDir).toBe('.data/uploads');
    expect(loadConfig({ ...BASE, UPLOAD_DIR: '/var/lib/htmse/uploads' }).storage.uploadDir).toBe('/var/lib/htmse/uploads');
  });
});

describe('storage quotas', () => {
  it('default to 200 MB per organisation and 1000 MB for the platform, in bytes', () => {
    expect(loadConfig(BASE).storage).toMatchObject({ organisationQuotaBytes: 200 * 1024 * 1024, platformQuotaBytes: 1000 * 1024 * 1024 });
    const set = loadConfig({ ...BASE, STORAGE_QUOTA_MB_PER_ORGANISATION: '5', STORAGE_QUOTA_MB_PLATFORM: '7' });
    expect(set.storage).toMatchObject({ organisationQuotaBytes: 5 * 1024 * 1024, platformQuotaBytes: 7 * 1024 * 1024 });
  });

  it('refuse a quota that is not a whole number of MB from 1', () => {
    const error = configError({ ...BASE, STORAGE_QUOTA_MB_PER_ORGANISATION: '0', STORAGE_QUOTA_MB_PLATFORM: '1.5' });
    expect(error.problems.map((p) => p.split(':')[0])).toEqual(expect.arrayContaining(['STORAGE_QUOTA_MB_PER_ORGANISATION', 'STORAGE_QUOTA_MB_PLATFORM']));
  });
});

describe('credentials keys', () => {
  const PROD = { ...BASE, NODE_ENV: 'production', PUBLIC_ORIGIN: 'https://academy.example.org', SMTP_URL: 'smtp://mail:25' };
  const pem = generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();

  it('the API refuses to start in production without a signing key; the worker and the CLI do not need one', () => {
    expect(configError(PROD, 'api').problems.join('\n')).toMatch(/CREDENTIALS_SIGNING_KEY: is required in production/);
    expect(loadConfig(PROD).credentials.signingKey).toBeUndefined();
    expect(loadConfig({ ...PROD, CREDENTIALS_SIGNING_KEY: pem }, 'api').credentials.signingKey?.publicJwk.crv).toBe('Ed25519');
  });

  it('outside production an unset key is allowed (generated into CREDENTIALS_KEY_FILE, default .data/credentials-ed25519.json)', () => {
    const config = loadConfig(BASE, 'api');
    expect(config.credentials).toEqual({ previousPublicKeys: [], keyFile: '.data/credentials-ed25519.json' });
  });

  it('names a bad key, a bad key id and bad previous keys, never echoing them', () => {
    const problems = configError({
      ...BASE,
      CREDENTIALS_SIGNING_KEY: 'secret-not-a-key',
      CREDENTIALS_KEY_ID: 'has spaces',
      CREDENTIALS_PREVIOUS_PUBLIC_KEYS: '[{"kty":"OKP","crv":"Ed25519","x":"abc","d":"zzz"}]',
    }).problems;
    expect(problems).toContainEqual(expect.stringMatching(/^CREDENTIALS_SIGNING_KEY: must be an Ed25519 private key/));
    expect(problems).toContainEqual(expect.stringMatching(/^CREDENTIALS_KEY_ID: must be/));
    expect(problems).toContainEqual(expect.stringMatching(/^CREDENTIALS_PREVIOUS_PUBLIC_KEYS: key 1: holds a private key/));
    expect(problems.join('\n')).not.toMatch(/secret-not-a-key|zzz/);
  });

  it('takes the key id, and publishes previous keys without repeating the current one', () => {
    const config = loadConfig({ ...BASE, CREDENTIALS_SIGNING_KEY: pem, CREDENTIALS_KEY_ID: 'academy-2026-12' });
    const current = config.credentials.signingKey!.publicJwk;
    expect(current.kid).toBe('academy-2026-12');
    const old = generateKeyPairSync('ed25519').publicKey.export({ format: 'jwk' });
    const withPrevious = loadConfig({
      ...BASE,
      CREDENTIALS_SIGNING_KEY: pem,
      CREDENTIALS_KEY_ID: 'academy-2026-12',
      CREDENTIALS_PREVIOUS_PUBLIC_KEYS: JSON.stringify([{ ...old, kid: 'academy-2025-06' }, current]),
    });
    expect(withPrevious.credentials.previousPublicKeys.map((k) => k.kid)).toEqual(['academy-2025-06']);
  });
});
