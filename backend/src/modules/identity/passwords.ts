import { hash, verify } from '@node-rs/argon2';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { DomainError } from '../../common/errors/domain-error.js';
import { ErrorCode } from '../../common/errors/error-code.js';

export const PASSWORD_MIN_LENGTH = 12;
/** Long enough for any passphrase; bounded so hashing cannot be used to exhaust the CPU. */
export const PASSWORD_MAX_LENGTH = 256;

// OWASP's argon2id recommendation: 19 MiB, 2 iterations, 1 lane.
// algorithm 2 is Argon2id (the package's Algorithm const enum cannot be imported under isolatedModules).
const ARGON2 = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

let common: Set<string> | undefined;

/** The shipped list (backend/assets/common-passwords.txt), loaded once. */
function commonPasswords(): Set<string> {
  if (!common) {
    // Same relative path from src/modules/identity and dist/modules/identity.
    const text = readFileSync(new URL('../../../assets/common-passwords.txt', import.meta.url), 'utf8');
    common = new Set(
      text
        .split('\n')
        .filter((l) => l && !l.startsWith('#'))
        .map((l) => l.trim().toLowerCase()),
    );
  }
  return common;
}

/**
 * NIST SP 800-63B: a minimum length and a block list, no composition rules (they make
 * passwords harder to remember, not harder to guess). Returns the reasons, if any.
 */
export function passwordProblems(password: string): string[] {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) return [`password must be at least ${PASSWORD_MIN_LENGTH} characters`];
  if (length > PASSWORD_MAX_LENGTH) return [`password must be at most ${PASSWORD_MAX_LENGTH} characters`];
  if (commonPasswords().has(password.toLowerCase())) return ['password is one of the most common passwords: choose another'];
  return [];
}

/**
 * Bounded hashing. @node-rs/argon2's hash and verify run on libuv's thread pool, off the event
 * loop, but each takes 20-25 ms of a core: unbounded, a crowd signing in at once (a timed exam)
 * fills the pool's four threads and its queue, and every other request waits behind them for
 * CPU, for the pool (file reads, DNS) and for database connections. So at most `concurrency`
 * hashes run at a time (one core fewer than the machine has, so requests keep one); the others
 * wait their turn in order. Past `maxWaiting` waiting, a new one is refused with 503 and
 * Retry-After rather than queued for minutes.
 */
export class HashQueue {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    readonly concurrency: number,
    readonly maxWaiting: number,
  ) {}

  get pending(): number {
    return this.waiting.length;
  }

  /** True when a new hash would be refused (every slot busy and maxWaiting already waiting). */
  get full(): boolean {
    return this.running >= this.concurrency && this.waiting.length >= this.maxWaiting;
  }

  /** Throws the 503 `run` would give, before any other work: sign-in asks before it counts an attempt. */
  refuseIfFull(): void {
    if (this.full) {
      throw new DomainError(ErrorCode.ServiceUnavailable, 'Too many people are signing in at this moment. Try again in a few seconds.', undefined, {
        'Retry-After': '5',
      });
    }
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.running >= this.concurrency) {
      this.refuseIfFull();
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.running++;
    }
    try {
      return await work();
    } finally {
      // Hand the slot straight to the next in line (running stays the same), or free it.
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}

export const passwordHashing = new HashQueue(Math.max(1, availableParallelism() - 1), 2_000);

export function hashPassword(password: string): Promise<string> {
  return passwordHashing.run(() => hash(password, ARGON2));
}

export async function verifyPassword(passwordHash: string | null, password: string): Promise<boolean> {
  // Without a hash (unknown or deleted account) still spend the same time, so response times
  // do not reveal whether an email is registered.
  const target = passwordHash ?? (await dummyHash());
  try {
    const ok = await passwordHashing.run(() => verify(target, password));
    return ok && passwordHash !== null;
  } catch (err) {
    if (err instanceof DomainError) throw err;
    return false;
  }
}

let dummy: Promise<string> | undefined;
const dummyHash = () => (dummy ??= hash('timing-equaliser-not-a-real-password', ARGON2));
