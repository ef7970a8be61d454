import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { OrganisationInvitations } from '../../common/ports/organisation-people.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { addManyToOutbox } from '../../infra/queue/outbox.js';
import { invitationMail } from './organisations.mails.js';
import { hashInvitationToken, INVITATION_TTL_DAYS, newInvitationToken } from './organisations.rules.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const BATCH = 1000;

/**
 * Learner invitations in bulk, in the caller's transaction (a cohort's CSV import): the same
 * invitations and mail as one by one (`InvitationsService.createInvitation`), but a pending
 * invitation is kept rather than replaced (importing a file twice sends nothing twice), the mails
 * go through the job outbox (sent only if the import commits), and the hourly invitation limit
 * does not apply: the import is bounded by its own size (20,000 rows) and is an org admin's act.
 */
@Injectable()
export class BulkInvitations extends OrganisationInvitations {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    super();
  }

  async inviteLearners(tx: EntityManager, input: { organisationId: string; emails: string[]; invitedBy: string }): Promise<Map<string, string>> {
    const ids = new Map<string, string>();
    if (input.emails.length === 0) return ids;
    // The same lock as one invitation: two invitations for one address cannot both stay pending.
    const [organisation] = (await tx.query(`SELECT name FROM organisations WHERE id = $1 FOR NO KEY UPDATE`, [input.organisationId])) as { name: string }[];
    if (!organisation) return ids;
    const pending: { id: string; email: string }[] = await tx.query(
      `SELECT DISTINCT ON (email) id, email FROM invitations
        WHERE organisation_id = $1 AND email = ANY($2::text[]) AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > now()
        ORDER BY email, created_at DESC`,
      [input.organisationId, input.emails],
    );
    for (const p of pending) ids.set(p.email, p.id);
    const fresh = input.emails.filter((e) => !ids.has(e));
    const expiresAt = new Date(Date.now() + INVITATION_TTL_DAYS * DAY_MS);
    for (let i = 0; i < fresh.length; i += BATCH) {
      const batch = fresh.slice(i, i + BATCH).map((email) => ({ email, token: newInvitationToken() }));
      const rows: { id: string; email: string }[] = await tx.query(
        `INSERT INTO invitations (organisation_id, email, role, token_hash, invited_by, expires_at)
         SELECT $1, x.email, 'learner', x.token_hash, $4, $5 FROM unnest($2::text[], $3::text[]) AS x(email, token_hash)
         RETURNING id, email`,
        [input.organisationId, batch.map((b) => b.email), batch.map((b) => hashInvitationToken(b.token)), input.invitedBy, expiresAt],
      );
      const idOf = new Map(rows.map((r) => [r.email, r.id]));
      for (const [email, id] of idOf) ids.set(email, id);
      await addManyToOutbox(
        tx,
        'mail.send',
        batch.map((b) => ({
          jobId: `mail.send-invitation-${idOf.get(b.email)}`,
          payload: invitationMail({
            to: b.email,
            organisationName: organisation.name,
            role: 'learner',
            link: `${this.config.http.publicOrigin}/invitations/accept?token=${encodeURIComponent(b.token)}`,
            expiresAt,
          }),
        })),
      );
    }
    return ids;
  }
}
