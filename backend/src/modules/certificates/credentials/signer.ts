import { SignJWT, type JWTPayload } from 'jose';
import type { SigningKey } from '../../../config/credential-keys.js';

/** Who signs: the issuer's id (the public web origin, e.g. https://academy.example.org) and its current key. */
export interface CredentialSigner {
  origin: string;
  key: SigningKey;
}

/** The issuer's name in every credential and status list. */
export const ISSUER_NAME = 'HTMSE Academy';

/** Media type of a VC-JWT (W3C VC-JOSE-COSE): the JWS header's `typ`, and the download's Content-Type. */
export const VC_JWT_MEDIA_TYPE = 'application/vc+jwt';

/** The W3C Verifiable Credentials Data Model 2.0 context, first in every credential's @context. */
export const VC_CONTEXT_V2 = 'https://www.w3.org/ns/credentials/v2';

/** Seconds since the epoch, as JWT NumericDate claims are. */
export const numericDate = (date: Date): number => Math.floor(date.getTime() / 1000);

/**
 * Signs a credential as a VC-JWT (W3C "Securing Verifiable Credentials using JOSE and COSE",
 * Open Badges 3.0 §8.2): the JWT payload IS the credential, with the registered claims that mirror
 * it beside its own members; header alg EdDSA (Ed25519), the key's kid, typ vc+jwt, cty vc.
 * Ed25519 signatures are deterministic: the same payload and key give the same token.
 */
export function signVcJwt(credential: Record<string, unknown>, claims: JWTPayload, signer: CredentialSigner): Promise<string> {
  return new SignJWT({ ...credential, ...claims })
    .setProtectedHeader({ alg: 'EdDSA', kid: signer.key.publicJwk.kid, typ: 'vc+jwt', cty: 'vc' })
    .sign(signer.key.privateKey);
}
