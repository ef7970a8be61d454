/**
 * Account deletion (identity) withdraws the person's certificates (certificates) without identity
 * depending on the certificates module: certificates provides it (global), identity calls it once
 * the account is anonymised. docs/certificates.md#account-deletion.
 */
export abstract class CertificateHolderErasure {
  /** Withdraws every certificate of the (already anonymised) account; answers how many it withdrew now. Idempotent. */
  abstract eraseHolder(userId: string): Promise<number>;
}
