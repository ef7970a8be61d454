import { Inject, Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { chmodSync, linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { generateSigningJwk, parseSigningKey, type PublicJwk, type SigningKey } from '../../../config/credential-keys.js';
import { APP_CONFIG, type AppConfig } from '../../../config/config.js';
import type { CredentialSigner } from './signer.js';

/**
 * Reads the key file, or creates it once (mode 0600, its directory 0700). Several processes
 * starting together (API replicas, the worker) race safely: each writes its own temporary file
 * and hard-links it into place, which fails for all but the first; the others read the winner's.
 */
export function loadOrCreateKeyFile(path: string): SigningKey {
  const file = resolve(path);
  try {
    return parseSigningKey(readFileSync(file, 'utf8'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw new Error(`${file}: ${(err as Error).message}`, { cause: err });
  }
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(temporary, `${generateSigningJwk()}\n`, { mode: 0o600 });
  chmodSync(temporary, 0o600);
  try {
    linkSync(temporary, file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  } finally {
    unlinkSync(temporary);
  }
  return parseSigningKey(readFileSync(file, 'utf8'));
}

/** The published key set: the current key first, then the earlier keys' public halves (never a private member). */
export function jwks(current: SigningKey, previous: PublicJwk[]): { keys: PublicJwk[] } {
  const pub = ({ kty, crv, x, kid, alg, use }: PublicJwk): PublicJwk => ({ kty, crv, x, kid, alg, use });
  return { keys: [pub(current.publicJwk), ...previous.filter((k) => k.kid !== current.publicJwk.kid).map(pub)] };
}

/**
 * The credentials' keys, resolved on first use (the worker never signs, so it never needs one):
 * the configured key; else, outside production, the generated key file (in tests, a key in
 * memory, so test runs leave nothing behind). The API refuses to start in production without a
 * configured key (loadConfig with role 'api').
 */
@Injectable()
export class CredentialKeys {
  private current?: SigningKey;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  get signingKey(): SigningKey {
    if (!this.current) {
      const { signingKey, keyFile } = this.config.credentials;
      if (signingKey) this.current = signingKey;
      else if (this.config.isProduction) throw new Error('CREDENTIALS_SIGNING_KEY is not set (required in production)');
      else if (this.config.env === 'test') this.current = parseSigningKey(generateSigningJwk());
      else this.current = loadOrCreateKeyFile(keyFile);
    }
    return this.current;
  }

  get signer(): CredentialSigner {
    return { origin: this.config.http.publicOrigin, key: this.signingKey };
  }

  jwks(): { keys: PublicJwk[] } {
    return jwks(this.signingKey, this.config.credentials.previousPublicKeys);
  }
}
