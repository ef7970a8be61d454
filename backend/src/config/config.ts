import { createHash } from 'node:crypto';
import { plainToInstance, Transform } from 'class-transformer';
import { parsePreviousPublicKeys, parseSigningKey, type PublicJwk, type SigningKey } from './credential-keys.js';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, Min, validateSync, type ValidationError } from 'class-validator';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const NODE_ENVS = ['development', 'production', 'test'] as const;
const QUEUE_DRIVERS = ['bullmq', 'inline'] as const;
const MAIL_DRIVERS = ['smtp', 'file'] as const;

export type LogLevel = (typeof LOG_LEVELS)[number];
export type QueueDriver = (typeof QUEUE_DRIVERS)[number];
export type MailDriver = (typeof MAIL_DRIVERS)[number];

const toInt = ({ value }: { value: unknown }) => (typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value);
const toBool = ({ value }: { value: unknown }) => {
  if (typeof value !== 'string') return value;
  const v = value.trim().toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(v)) return true;
  if (['false', '0', 'no', 'off'].includes(v)) return false;
  return value;
};

/**
 * Every environment variable the API and worker read. Validated once at boot; a bad or missing
 * variable stops the process with one message that names every problem (see loadConfig).
 */
export class EnvironmentVariables {
  @IsIn(NODE_ENVS)
  NODE_ENV: (typeof NODE_ENVS)[number] = 'development';

  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'must be a postgres:// connection URL' })
  DATABASE_URL!: string;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(200)
  DATABASE_POOL_MAX = 10;

  @IsOptional()
  @Matches(/^rediss?:\/\/.+/, { message: 'must be a redis:// or rediss:// connection URL' })
  REDIS_URL?: string;

  @IsOptional()
  @IsIn(QUEUE_DRIVERS)
  QUEUE_DRIVER?: QueueDriver;

  /** Unset: derived from the database (defaultQueuePrefix), so each installation has its own. */
  @IsOptional()
  @IsString()
  @Matches(/^[a-z0-9-]{1,40}$/, { message: 'must be 1-40 lowercase letters, digits or dashes' })
  QUEUE_PREFIX?: string;

  /**
   * Measurement only (npm run bench, tests): a file to which the API appends every SQL statement
   * of requests whose X-Request-Id starts with "sql-probe-" (infra/database/sql-probe.ts).
   */
  @IsOptional()
  @IsString()
  SQL_PROBE_FILE?: string;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100)
  WORKER_CONCURRENCY = 5;

  /**
   * Threads that draw certificates' PDFs in a process that issues them (the worker; the API with
   * the inline queue driver). 0: one per CPU core the process may use (os.availableParallelism).
   */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(64)
  CERTIFICATE_RENDER_THREADS = 0;

  /** The worker's health check, on loopback (dist/worker-health.js asks it); 0 turns it off. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  WORKER_HEALTH_PORT = 3002;

  /** BullMQ's job lock: a job whose worker died (kill -9) runs again within about twice this. */
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  @Max(600_000)
  WORKER_LOCK_MS = 30_000;

  @Transform(toInt)
  @IsInt()
  @Min(1000)
  @Max(120_000)
  SHUTDOWN_TIMEOUT_MS = 25_000;

  @IsString()
  API_HOST = '127.0.0.1';

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  API_PORT = 3001;

  @IsIn(LOG_LEVELS)
  LOG_LEVEL: LogLevel = 'info';

  @Transform(toBool)
  @IsBoolean()
  MIGRATIONS_RUN = true;

  @Transform(toBool)
  @IsBoolean()
  TRUST_PROXY = false;

  /** Signs access tokens. Every API process of a deployment must share it. */
  @IsString()
  @Length(32, 512, { message: 'must be a random string of at least 32 characters' })
  JWT_SECRET!: string;

  @Transform(toInt)
  @IsInt()
  @Min(60)
  @Max(3600)
  ACCESS_TOKEN_TTL_SECONDS = 900;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(365)
  REFRESH_TOKEN_TTL_DAYS = 30;

  /** The address people use, for links in emails (verification, reset, invitations). */
  @Matches(/^https?:\/\/[^/]+$/, { message: 'must be an origin like https://academy.example.org (no path)' })
  PUBLIC_ORIGIN = 'http://localhost:3000';

  @IsOptional()
  @IsIn(MAIL_DRIVERS)
  MAIL_DRIVER?: MailDriver;

  @IsOptional()
  @Matches(/^smtps?:\/\/.+/, { message: 'must be an smtp:// or smtps:// URL' })
  SMTP_URL?: string;

  @IsString()
  MAIL_FROM = 'HTMSE Academy <no-reply@localhost>';

  /** Where the file mail driver writes messages (the embedded default: ./.data/mail). */
  @IsString()
  MAIL_DIR = '.data/mail';

  /** Where the local storage adapter keeps uploaded images (relative to the working directory, or absolute). */
  @IsString()
  @Matches(/^[^\0]+$/, { message: 'must be a directory path' })
  UPLOAD_DIR = '.data/uploads';

  /** Where the local certificate store keeps certificates' PDFs (the API reads, the worker writes: both must see it). */
  @IsString()
  @Matches(/^[^\0]+$/, { message: 'must be a directory path' })
  CERTIFICATE_DIR = '.data/certificates';

  /** Storage for uploaded images per organisation, in MB (1 MB = 1,048,576 bytes); trainers' uploads count against it. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  STORAGE_QUOTA_MB_PER_ORGANISATION = 200;

  /** The platform's own allowance for platform admins' uploads (public courses), in MB. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  STORAGE_QUOTA_MB_PLATFORM = 1000;

  /**
   * Signs the verifiable credentials (Open Badges 3.0 VC-JWT, docs/credentials.md): an Ed25519
   * private key as a PKCS8 PEM or a JWK. Required by the API in production; elsewhere, unset means
   * a key generated once into CREDENTIALS_KEY_FILE (in tests: a key in memory).
   */
  @IsOptional()
  @IsString()
  CREDENTIALS_SIGNING_KEY?: string;

  /** The signing key's `kid` in the JWKS and the JWT header; default its RFC 7638 thumbprint (or a JWK's own kid). */
  @IsOptional()
  @Matches(/^[A-Za-z0-9._:-]{1,100}$/, { message: 'must be 1-100 letters, digits, dots, dashes, underscores or colons' })
  CREDENTIALS_KEY_ID?: string;

  /** Earlier signing keys' public halves, still in the JWKS after a rotation: a JSON array of Ed25519 public JWKs. */
  @IsOptional()
  @IsString()
  CREDENTIALS_PREVIOUS_PUBLIC_KEYS?: string;

  /** Outside production, with no CREDENTIALS_SIGNING_KEY: where the generated key is kept (mode 0600). */
  @IsString()
  @Matches(/^[^\0]+$/, { message: 'must be a file path' })
  CREDENTIALS_KEY_FILE = '.data/credentials-ed25519.json';
}

export interface AppConfig {
  env: EnvironmentVariables['NODE_ENV'];
  isProduction: boolean;
  database: { url: string; poolMax: number; migrationsRun: boolean; sqlProbeFile?: string };
  queue: { driver: QueueDriver; redisUrl?: string; prefix: string; concurrency: number; renderThreads: number; healthPort: number; lockMs: number };
  http: { host: string; port: number; trustProxy: boolean; publicOrigin: string; secureCookies: boolean };
  auth: { jwtSecret: string; accessTtlSeconds: number; refreshTtlDays: number };
  mail: { driver: MailDriver; smtpUrl?: string; from: string; dir: string };
  /** Quotas in bytes: per organisation, and the platform admins' own allowance. */
  storage: { uploadDir: string; certificateDir: string; organisationQuotaBytes: number; platformQuotaBytes: number };
  /**
   * The verifiable credentials' keys: the configured signing key (none: generated into keyFile,
   * or in memory in tests; the API refuses to start in production without one) and the earlier
   * keys' public halves, published beside it in the JWKS.
   */
  credentials: { signingKey?: SigningKey; previousPublicKeys: PublicJwk[]; keyFile: string };
  logLevel: LogLevel;
  shutdownTimeoutMs: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

function describe(errors: ValidationError[]): string[] {
  return errors.flatMap((e) =>
    Object.values(e.constraints ?? {}).map((reason) => {
      // Never echo a value back: it may be a connection string with a password in it.
      return `${e.property}: ${reason}`;
    }),
  );
}

/**
 * The Redis key prefix (queues and rate-limit counters) of the installation that uses this
 * database: "htmse-" and 10 hex digits of a hash of its host, port and name. Two installations
 * on one machine have two databases, so they never take each other's jobs or share counters;
 * every API and worker process of one installation names the same database, so they agree.
 * The user, password and connection options do not count: rotating a password keeps the prefix.
 */
export function defaultQueuePrefix(databaseUrl: string): string {
  let identity = databaseUrl;
  try {
    const url = new URL(databaseUrl);
    identity = `${url.hostname.toLowerCase()}:${url.port || '5432'}/${decodeURIComponent(url.pathname.replace(/^\//, ''))}`;
  } catch {
    // Not a URL: the whole string identifies the database.
  }
  return `htmse-${createHash('sha256').update(identity).digest('hex').slice(0, 10)}`;
}

const MB = 1024 * 1024;

/**
 * Reads and validates the environment. Throws ConfigError listing every bad variable. `role`
 * 'api': also what only the HTTP API needs (in production, the credentials' signing key).
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, role?: 'api'): AppConfig {
  // Empty strings count as unset, so `FOO=` in an env file falls back to the default.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const vars = plainToInstance(EnvironmentVariables, present, { exposeDefaultValues: true });
  const problems = describe(validateSync(vars, { whitelist: false, skipMissingProperties: false }));

  const driver: QueueDriver = vars.QUEUE_DRIVER ?? (vars.REDIS_URL ? 'bullmq' : 'inline');
  if (driver === 'bullmq' && !vars.REDIS_URL) {
    problems.push('REDIS_URL: is required when QUEUE_DRIVER is bullmq');
  }
  const mailDriver: MailDriver = vars.MAIL_DRIVER ?? (vars.SMTP_URL ? 'smtp' : 'file');
  if (mailDriver === 'smtp' && !vars.SMTP_URL) problems.push('SMTP_URL: is required when MAIL_DRIVER is smtp');
  if (mailDriver === 'file' && vars.NODE_ENV === 'production') {
    problems.push('MAIL_DRIVER: file is for development; set SMTP_URL (or MAIL_DRIVER=smtp) in production');
  }
  if (vars.NODE_ENV === 'production' && /replace-me|change-me/i.test(vars.JWT_SECRET ?? '')) {
    problems.push('JWT_SECRET: still the placeholder from .env.example; set a long random value');
  }
  if (vars.NODE_ENV === 'production' && !vars.PUBLIC_ORIGIN.startsWith('https://')) {
    problems.push('PUBLIC_ORIGIN: must be https:// in production (session cookies are Secure)');
  }
  let signingKey: SigningKey | undefined;
  let previousPublicKeys: PublicJwk[] = [];
  if (vars.CREDENTIALS_SIGNING_KEY) {
    try {
      signingKey = parseSigningKey(vars.CREDENTIALS_SIGNING_KEY, vars.CREDENTIALS_KEY_ID);
    } catch (err) {
      problems.push(`CREDENTIALS_SIGNING_KEY: ${(err as Error).message}`);
    }
  } else if (role === 'api' && vars.NODE_ENV === 'production') {
    problems.push(
      "CREDENTIALS_SIGNING_KEY: is required in production (an Ed25519 private key that signs the certificates' verifiable credentials; " +
        'generate one with `node backend/dist/cli.js credentials:keygen`, see docs/credentials.md)',
    );
  }
  if (vars.CREDENTIALS_PREVIOUS_PUBLIC_KEYS) {
    try {
      previousPublicKeys = parsePreviousPublicKeys(vars.CREDENTIALS_PREVIOUS_PUBLIC_KEYS);
    } catch (err) {
      problems.push(`CREDENTIALS_PREVIOUS_PUBLIC_KEYS: ${(err as Error).message}`);
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);

  return {
    env: vars.NODE_ENV,
    isProduction: vars.NODE_ENV === 'production',
    database: {
      url: vars.DATABASE_URL,
      poolMax: vars.DATABASE_POOL_MAX,
      migrationsRun: vars.MIGRATIONS_RUN,
      ...(vars.SQL_PROBE_FILE ? { sqlProbeFile: vars.SQL_PROBE_FILE } : {}),
    },
    queue: {
      driver,
      redisUrl: vars.REDIS_URL,
      prefix: vars.QUEUE_PREFIX ?? defaultQueuePrefix(vars.DATABASE_URL),
      concurrency: vars.WORKER_CONCURRENCY,
      renderThreads: vars.CERTIFICATE_RENDER_THREADS,
      healthPort: vars.WORKER_HEALTH_PORT,
      lockMs: vars.WORKER_LOCK_MS,
    },
    http: {
      host: vars.API_HOST,
      port: vars.API_PORT,
      trustProxy: vars.TRUST_PROXY,
      publicOrigin: vars.PUBLIC_ORIGIN,
      // Secure cookies need HTTPS; a plain-HTTP origin (localhost) could not keep a session.
      secureCookies: vars.PUBLIC_ORIGIN.startsWith('https://'),
    },
    auth: {
      jwtSecret: vars.JWT_SECRET,
      accessTtlSeconds: vars.ACCESS_TOKEN_TTL_SECONDS,
      refreshTtlDays: vars.REFRESH_TOKEN_TTL_DAYS,
    },
    mail: { driver: mailDriver, smtpUrl: vars.SMTP_URL, from: vars.MAIL_FROM, dir: vars.MAIL_DIR },
    storage: {
      uploadDir: vars.UPLOAD_DIR,
      certificateDir: vars.CERTIFICATE_DIR,
      organisationQuotaBytes: vars.STORAGE_QUOTA_MB_PER_ORGANISATION * MB,
      platformQuotaBytes: vars.STORAGE_QUOTA_MB_PLATFORM * MB,
    },
    credentials: {
      ...(signingKey ? { signingKey } : {}),
      // The current key is published once, even if an operator also lists it as a previous one.
      previousPublicKeys: previousPublicKeys.filter((k) => k.kid !== signingKey?.publicJwk.kid),
      keyFile: vars.CREDENTIALS_KEY_FILE,
    },
    logLevel: vars.LOG_LEVEL,
    shutdownTimeoutMs: vars.SHUTDOWN_TIMEOUT_MS,
  };
}

/** Injection token for the typed AppConfig. */
export const APP_CONFIG = Symbol('APP_CONFIG');
