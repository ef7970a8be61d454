import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Browsers an account has signed in from (the htmse_device cookie, stored only as its SHA-256).
 * A known browser is exempt from the account's unknown-device sign-in throttle, so someone
 * guessing at an account cannot lock its owner out (docs/security.md, "Sign-in limits").
 */
export class CreateKnownDevices1764700000000 implements MigrationInterface {
  name = 'CreateKnownDevices1764700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "known_devices" (
        "user_id" uuid NOT NULL,
        "device_hash" text NOT NULL,
        "first_seen_at" timestamptz NOT NULL DEFAULT now(),
        "last_seen_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "pk_known_devices" PRIMARY KEY ("user_id", "device_hash"),
        CONSTRAINT "fk_known_devices_user_id" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "known_devices"`);
  }
}
