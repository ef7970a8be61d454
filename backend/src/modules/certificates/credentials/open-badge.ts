import { statusListUrl, statusListLocation } from './status-list.js';
import { ISSUER_NAME, numericDate, signVcJwt, VC_CONTEXT_V2, type CredentialSigner } from './signer.js';

/** What a credential says, all of it from the certificate row (its snapshot of the course and name). */
export interface CredentialCertificate {
  /** The certificate's id (a UUID): the credential's id is `urn:uuid:<id>`. */
  id: string;
  /** The certificate number printed on the PDF and used by the public verification page. */
  code: string;
  /** The learner's name as on the certificate. */
  holderName: string;
  courseTitle: string;
  courseSlug: string;
  courseVersion: number | string;
  issuedAt: Date;
  expiresAt: Date | null;
  /** The certificate's position in the revocation status lists (see status-list.ts). */
  statusIndex: number;
  /** Who the certificate names as issuing (an organisation's tailored course); HTMSE Academy signs either way. */
  issuerName?: string | null;
}

/** The 1EdTech JSON Schema an OpenBadgeCredential validates against, named in `credentialSchema` as OB 3.0 recommends. */
export const OB3_CREDENTIAL_SCHEMA = {
  id: 'https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json',
  type: '1EdTechJsonSchemaValidator2019',
} as const;

export const OB3_CONTEXT = [VC_CONTEXT_V2, 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'] as const;

/** The issuer profile: HTMSE Academy, identified by the public web origin. */
export function issuerProfile(origin: string) {
  return { id: origin, type: ['Profile'], name: ISSUER_NAME, url: origin };
}

/**
 * The certificate as an Open Badges 3.0 `OpenBadgeCredential` (W3C VC Data Model 2.0), unsigned.
 * The holder is identified by the name on the certificate (an `IdentityObject` of type `name`,
 * not hashed): the same name the PDF prints and the public verification page shows, and the
 * only person who can download the credential is its holder. No email address, account id or
 * organisation is included (docs/credentials.md says why).
 */
export function openBadgeCredential(cert: CredentialCertificate, origin: string) {
  const { listId, index } = statusListLocation(cert.statusIndex);
  const listUrl = statusListUrl(origin, listId);
  const version = String(cert.courseVersion);
  return {
    '@context': [...OB3_CONTEXT],
    id: `urn:uuid:${cert.id}`,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    name: `${cert.courseTitle}: certificate of completion`,
    description:
      `HTMSE Academy certificate ${cert.code}` +
      (cert.issuerName && cert.issuerName !== ISSUER_NAME ? `, issued for ${cert.issuerName}` : '') +
      `. Check it at ${origin}/verify/${encodeURIComponent(cert.code)}`,
    issuer: issuerProfile(origin),
    validFrom: cert.issuedAt.toISOString(),
    ...(cert.expiresAt ? { validUntil: cert.expiresAt.toISOString() } : {}),
    credentialSubject: {
      type: ['AchievementSubject'],
      identifier: [{ type: 'IdentityObject', identityType: 'name', hashed: false, identityHash: cert.holderName }],
      achievement: {
        id: `${origin}/courses/${encodeURIComponent(cert.courseSlug)}`,
        type: ['Achievement'],
        achievementType: 'CertificateOfCompletion',
        name: cert.courseTitle,
        description: `Completion of the HTMSE Academy course "${cert.courseTitle}", version ${version}.`,
        criteria: {
          narrative: "Every lesson of every module of the course completed, and each module's quiz passed where the module has one.",
        },
        version,
        creator: issuerProfile(origin),
      },
    },
    credentialSchema: [{ ...OB3_CREDENTIAL_SCHEMA }],
    credentialStatus: {
      id: `${listUrl}#${index}`,
      type: 'BitstringStatusListEntry',
      statusPurpose: 'revocation',
      statusListIndex: String(index),
      statusListCredential: listUrl,
    },
  };
}

export type OpenBadgeCredential = ReturnType<typeof openBadgeCredential>;

/**
 * The certificate's credential, signed: a VC-JWT whose payload is the credential, with iss (the
 * issuer's id), jti (the credential's id), nbf (validFrom) and exp (validUntil, when it expires).
 * No iat and no sub (the subject has no id): the token depends only on the certificate and the key.
 */
export function issueCredential(cert: CredentialCertificate, signer: CredentialSigner): Promise<string> {
  const credential = openBadgeCredential(cert, signer.origin);
  return signVcJwt(
    credential,
    {
      iss: credential.issuer.id,
      jti: credential.id,
      nbf: numericDate(cert.issuedAt),
      ...(cert.expiresAt ? { exp: numericDate(cert.expiresAt) } : {}),
    },
    signer,
  );
}
