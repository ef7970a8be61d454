import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateSystemPings1764300000000 implements MigrationInterface {
  name = 'CreateSystemPings1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "system_pings" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "label" text NOT NULL,
        "status" text NOT NULL DEFAULT 'queued',
        "work_ms" integer NOT NULL DEFAULT 0,
        "attempts" integer NOT NULL DEFAULT 0,
        "requested_at" timestamptz NOT NULL DEFAULT now(),
        "processed_at" timestamptz,
        "processed_by" text,
        CONSTRAINT "pk_system_pings" PRIMARY KEY ("id"),
        CONSTRAINT "chk_system_pings_status" CHECK ("status" IN ('queued', 'processing', 'done'))
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "system_pings"`);
  }
}
