import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Account deletion withdraws the person's certificates (docs/certificates.md#account-deletion):
 * `holder_erased_at` says when; the name printed on it and the score are erased then, and the
 * certificate is revoked. The check keeps an erased row from showing a name or standing valid.
 */
export class CertificateHolderErasure1764862000000 implements MigrationInterface {
  name = 'CertificateHolderErasure1764862000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "certificates" ADD "holder_erased_at" TIMESTAMP WITH TIME ZONE`);
    await q.query(
      `ALTER TABLE "certificates" ADD CONSTRAINT "chk_certificates_holder_erased"
         CHECK ("holder_erased_at" IS NULL OR ("revoked_at" IS NOT NULL AND "holder_name" = '' AND "score" IS NULL))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "certificates" DROP CONSTRAINT "chk_certificates_holder_erased"`);
    await q.query(`ALTER TABLE "certificates" DROP COLUMN "holder_erased_at"`);
  }
}
