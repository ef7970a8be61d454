import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Accounts, sessions, single-use tokens, organisations, memberships, invitations, audit, rate limits. */
export class CreateIdentityAndOrganisations1764400000000 implements MigrationInterface {
  name = 'CreateIdentityAndOrganisations1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "users" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "email" text NOT NULL,
        "display_name" text NOT NULL,
        "password_hash" text,
        "email_verified_at" timestamptz,
        "is_platform_admin" boolean NOT NULL DEFAULT false,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        "deleted_at" timestamptz,
        CONSTRAINT "pk_users" PRIMARY KEY ("id"),
        CONSTRAINT "uq_users_email" UNIQUE ("email"),
        CONSTRAINT "chk_users_email" CHECK ("email" = lower("email"))
      )`);
    await q.query(`
      CREATE TABLE "sessions" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "user_id" uuid NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "last_used_at" timestamptz NOT NULL DEFAULT now(),
        "expires_at" timestamptz NOT NULL,
        "revoked_at" timestamptz,
        "revoked_reason" text,
        "user_agent" text,
        "ip" text,
        CONSTRAINT "pk_sessions" PRIMARY KEY ("id"),
        CONSTRAINT "fk_sessions_user_id" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX "idx_sessions_user_id" ON "sessions" ("user_id")`);
    await q.query(`
      CREATE TABLE "refresh_tokens" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "session_id" uuid NOT NULL,
        "token_hash" text NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "expires_at" timestamptz NOT NULL,
        "used_at" timestamptz,
        CONSTRAINT "pk_refresh_tokens" PRIMARY KEY ("id"),
        CONSTRAINT "uq_refresh_tokens_token_hash" UNIQUE ("token_hash"),
        CONSTRAINT "fk_refresh_tokens_session_id" FOREIGN KEY ("session_id") REFERENCES "sessions"("id") ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX "idx_refresh_tokens_session_id" ON "refresh_tokens" ("session_id")`);
    await q.query(`
      CREATE TABLE "email_tokens" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "user_id" uuid NOT NULL,
        "purpose" text NOT NULL,
        "token_hash" text NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "expires_at" timestamptz NOT NULL,
        "used_at" timestamptz,
        CONSTRAINT "pk_email_tokens" PRIMARY KEY ("id"),
        CONSTRAINT "uq_email_tokens_token_hash" UNIQUE ("token_hash"),
        CONSTRAINT "chk_email_tokens_purpose" CHECK ("purpose" IN ('verify_email', 'reset_password')),
        CONSTRAINT "fk_email_tokens_user_id" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX "idx_email_tokens_user_id_purpose" ON "email_tokens" ("user_id", "purpose")`);
    await q.query(`
      CREATE TABLE "organisations" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "name" text NOT NULL,
        "slug" text NOT NULL,
        "created_by" uuid,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "pk_organisations" PRIMARY KEY ("id"),
        CONSTRAINT "uq_organisations_slug" UNIQUE ("slug"),
        CONSTRAINT "fk_organisations_created_by" FOREIGN KEY ("created_by") REFERENCES "users"("id") ON DELETE SET NULL
      )`);
    await q.query(`
      CREATE TABLE "memberships" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "organisation_id" uuid NOT NULL,
        "user_id" uuid NOT NULL,
        "role" text NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "pk_memberships" PRIMARY KEY ("id"),
        CONSTRAINT "uq_memberships_organisation_id_user_id" UNIQUE ("organisation_id", "user_id"),
        CONSTRAINT "chk_memberships_role" CHECK ("role" IN ('learner', 'trainer', 'org_admin')),
        CONSTRAINT "fk_memberships_organisation_id" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id") ON DELETE CASCADE,
        CONSTRAINT "fk_memberships_user_id" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX "idx_memberships_user_id" ON "memberships" ("user_id")`);
    await q.query(`
      CREATE TABLE "invitations" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "organisation_id" uuid NOT NULL,
        "email" text NOT NULL,
        "role" text NOT NULL,
        "token_hash" text NOT NULL,
        "invited_by" uuid,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "expires_at" timestamptz NOT NULL,
        "accepted_at" timestamptz,
        "accepted_by" uuid,
        "revoked_at" timestamptz,
        CONSTRAINT "pk_invitations" PRIMARY KEY ("id"),
        CONSTRAINT "uq_invitations_token_hash" UNIQUE ("token_hash"),
        CONSTRAINT "chk_invitations_role" CHECK ("role" IN ('learner', 'trainer', 'org_admin')),
        CONSTRAINT "chk_invitations_email" CHECK ("email" = lower("email")),
        CONSTRAINT "fk_invitations_organisation_id" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id") ON DELETE CASCADE,
        CONSTRAINT "fk_invitations_invited_by" FOREIGN KEY ("invited_by") REFERENCES "users"("id") ON DELETE SET NULL,
        CONSTRAINT "fk_invitations_accepted_by" FOREIGN KEY ("accepted_by") REFERENCES "users"("id") ON DELETE SET NULL
      )`);
    await q.query(`CREATE INDEX "idx_invitations_organisation_id" ON "invitations" ("organisation_id")`);
    await q.query(`
      CREATE TABLE "audit_events" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "occurred_at" timestamptz NOT NULL DEFAULT now(),
        "action" text NOT NULL,
        "actor_user_id" uuid,
        "organisation_id" uuid,
        "target_type" text,
        "target_id" text,
        "ip" text,
        "user_agent" text,
        "request_id" text,
        "metadata" jsonb NOT NULL DEFAULT '{}',
        CONSTRAINT "pk_audit_events" PRIMARY KEY ("id"),
        CONSTRAINT "fk_audit_events_actor_user_id" FOREIGN KEY ("actor_user_id") REFERENCES "users"("id") ON DELETE SET NULL,
        CONSTRAINT "fk_audit_events_organisation_id" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id") ON DELETE SET NULL
      )`);
    await q.query(`CREATE INDEX "idx_audit_events_occurred_at_id" ON "audit_events" ("occurred_at", "id")`);
    await q.query(`CREATE INDEX "idx_audit_events_organisation_id_occurred_at" ON "audit_events" ("organisation_id", "occurred_at")`);
    await q.query(`CREATE INDEX "idx_audit_events_actor_user_id" ON "audit_events" ("actor_user_id")`);
    await q.query(`
      CREATE TABLE "rate_limit_counters" (
        "key" text NOT NULL,
        "count" integer NOT NULL,
        "expires_at" timestamptz NOT NULL,
        CONSTRAINT "pk_rate_limit_counters" PRIMARY KEY ("key")
      )`);
    await q.query(`CREATE INDEX "idx_rate_limit_counters_expires_at" ON "rate_limit_counters" ("expires_at")`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'rate_limit_counters',
      'audit_events',
      'invitations',
      'memberships',
      'organisations',
      'email_tokens',
      'refresh_tokens',
      'sessions',
      'users',
    ]) {
      await q.query(`DROP TABLE "${table}"`);
    }
  }
}
