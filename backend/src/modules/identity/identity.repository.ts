import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { IsNull, QueryFailedError, type DataSource, type Repository } from 'typeorm';
import { preparedStatement, queryPrepared } from '../../infra/database/prepared.js';
import type { ActorMembership } from '../../common/auth/actor.js';
import { EmailToken, KnownDevice, RefreshToken, Session, User, type EmailTokenPurpose } from './identity.entities.js';

/** A browser not seen for this long is a stranger again (and its row is pruned). */
export const KNOWN_DEVICE_DAYS = 180;

/** A live session's caller, as the session check reads it. */
export interface LiveActor {
  userId: string;
  sessionId: string;
  isPlatformAdmin: boolean;
  memberships: ActorMembership[];
}

/** For UPDATE … RETURNING, TypeORM's postgres driver answers [rows, affectedCount]. */
type Returning<T> = [T[], number];

/** Every signed-in request's session check: prepared (planned once per connection). */
const LIVE_ACTOR = preparedStatement(
  'identity.live-actor',
  `SELECT u.id AS "userId", s.id AS "sessionId", u.is_platform_admin AS "isPlatformAdmin",
          COALESCE((SELECT json_agg(json_build_object('organisationId', m.organisation_id, 'role', m.role) ORDER BY m.organisation_id)
                      FROM memberships m WHERE m.user_id = u.id), '[]'::json) AS memberships
     FROM sessions s JOIN users u ON u.id = s.user_id
    WHERE s.id = $1 AND s.user_id = $2 AND s.revoked_at IS NULL AND s.expires_at > now() AND u.deleted_at IS NULL`,
);

@Injectable()
export class IdentityRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectRepository(User) private readonly users: Repository<User>,
    @InjectRepository(Session) private readonly sessions: Repository<Session>,
    @InjectRepository(RefreshToken) private readonly refreshTokens: Repository<RefreshToken>,
    @InjectRepository(EmailToken) private readonly emailTokens: Repository<EmailToken>,
  ) {}

  // ── users ────────────────────────────────────────────────────────────────────
  findUserByEmail(email: string): Promise<User | null> {
    return this.users.findOneBy({ email, deletedAt: IsNull() });
  }

  findUserById(id: string): Promise<User | null> {
    return this.users.findOneBy({ id, deletedAt: IsNull() });
  }

  /**
   * Registration's one write, the same whether or not the address is taken: a new row, or a
   * no-op update of the existing one (so both branches write a row version and commit alike and
   * take the same time). `created` tells which; the caller never lets the response show it.
   */
  async insertUserOrTouch(input: Pick<User, 'email' | 'displayName' | 'passwordHash'>): Promise<{ id: string; created: boolean }> {
    const rows: { id: string; created: boolean }[] = await this.dataSource.query(
      `INSERT INTO users AS u (email, display_name, password_hash) VALUES ($1, $2, $3)
       ON CONFLICT (email) DO UPDATE SET updated_at = u.updated_at
       RETURNING u.id, (xmax = 0) AS created`,
      [input.email, input.displayName, input.passwordHash],
    );
    return rows[0]!;
  }

  /**
   * The account for a sign-in and whether `deviceHash` is one of its known browsers, in one
   * query whatever the answer, so its timing says nothing either.
   */
  async findUserForSignIn(email: string, deviceHash: string | null): Promise<{ user: User | null; knownDevice: boolean }> {
    const { entities, raw } = await this.users
      .createQueryBuilder('u')
      .addSelect(
        `EXISTS (SELECT 1 FROM known_devices kd WHERE kd.user_id = u.id AND kd.device_hash = :deviceHash
                   AND kd.last_seen_at > now() - make_interval(days => :days))`,
        'known_device',
      )
      .where('u.email = :email AND u.deleted_at IS NULL', { email, deviceHash: deviceHash ?? '', days: KNOWN_DEVICE_DAYS })
      .getRawAndEntities<{ known_device: boolean }>();
    const user = entities[0] ?? null;
    return { user, knownDevice: Boolean(user && deviceHash && raw[0]?.known_device) };
  }

  createUser(input: Pick<User, 'email' | 'displayName' | 'passwordHash'> & { emailVerifiedAt?: Date | null }): Promise<User> {
    return this.users.save(this.users.create({ ...input, emailVerifiedAt: input.emailVerifiedAt ?? null }));
  }

  /** Null when the address is taken, also when a concurrent insert took it first (uq_users_email). */
  async createUserUnlessEmailTaken(input: Parameters<IdentityRepository['createUser']>[0]): Promise<User | null> {
    try {
      return await this.createUser(input);
    } catch (err) {
      const driverError = err instanceof QueryFailedError ? (err.driverError as { code?: string; constraint?: string }) : undefined;
      if (driverError?.code === '23505' && driverError.constraint === 'uq_users_email') return null;
      throw err;
    }
  }

  async updateUser(id: string, patch: Partial<Pick<User, 'displayName' | 'passwordHash' | 'emailVerifiedAt'>>): Promise<void> {
    await this.users.update({ id }, patch);
  }

  /**
   * Erases what identifies the person and keeps the row, so learning records that point at it
   * stay countable for their organisation's statistics.
   */
  async anonymiseUser(id: string): Promise<void> {
    await this.dataSource.transaction(async (tx) => {
      await tx.update(
        User,
        { id },
        {
          email: `deleted+${id}@users.invalid`,
          displayName: 'Deleted user',
          passwordHash: null,
          emailVerifiedAt: null,
          isPlatformAdmin: false,
          deletedAt: new Date(),
        },
      );
      await tx.delete(EmailToken, { userId: id });
      await tx.delete(KnownDevice, { userId: id });
      await tx.update(Session, { userId: id, revokedAt: IsNull() }, { revokedAt: new Date(), revokedReason: 'account_deleted' });
    });
  }

  // ── known devices ────────────────────────────────────────────────────────────
  /** Remembers (or refreshes) a browser of the user, and forgets the user's long-unseen ones. */
  async rememberDevice(userId: string, deviceHash: string): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO known_devices (user_id, device_hash) VALUES ($1, $2)
       ON CONFLICT (user_id, device_hash) DO UPDATE SET last_seen_at = now()`,
      [userId, deviceHash],
    );
    await this.dataSource.query(`DELETE FROM known_devices WHERE user_id = $1 AND last_seen_at < now() - make_interval(days => $2)`, [
      userId,
      KNOWN_DEVICE_DAYS,
    ]);
  }

  listKnownDevices(userId: string): Promise<KnownDevice[]> {
    return this.dataSource.getRepository(KnownDevice).find({ where: { userId }, order: { lastSeenAt: 'DESC' }, take: 100 });
  }

  // ── sessions ─────────────────────────────────────────────────────────────────
  createSession(input: Pick<Session, 'userId' | 'expiresAt' | 'userAgent' | 'ip'>): Promise<Session> {
    return this.sessions.save(this.sessions.create(input));
  }

  /** The session and its user, if the session is live and the account exists. */
  /**
   * The session check made on every authenticated request, in one statement: the session is
   * live (not revoked, not expired), its account is not deleted, and the account's memberships
   * come along, so role checks and course visibility need no query of their own. Revocation is
   * immediate: nothing of this is cached.
   */
  async findLiveActor(sessionId: string, userId: string): Promise<LiveActor | null> {
    const rows = await queryPrepared<LiveActor>(this.dataSource, LIVE_ACTOR, [sessionId, userId]);
    return rows[0] ?? null;
  }

  listSessions(userId: string): Promise<Session[]> {
    return this.sessions.find({ where: { userId }, order: { createdAt: 'DESC' }, take: 100 });
  }

  async touchSession(id: string): Promise<void> {
    await this.sessions.update({ id }, { lastUsedAt: new Date() });
  }

  async revokeSession(id: string, reason: string): Promise<void> {
    await this.sessions.update({ id, revokedAt: IsNull() }, { revokedAt: new Date(), revokedReason: reason });
  }

  /** Every live session of the user except `keep` (the one making the request, if any). */
  async revokeSessionsOf(userId: string, reason: string, keep?: string): Promise<number> {
    const [, count] = (await this.dataSource.query(
      `UPDATE sessions SET revoked_at = now(), revoked_reason = $2
        WHERE user_id = $1 AND revoked_at IS NULL AND ($3::uuid IS NULL OR id <> $3::uuid)`,
      [userId, reason, keep ?? null],
    )) as Returning<never>;
    return count;
  }

  // ── refresh tokens ───────────────────────────────────────────────────────────
  async addRefreshToken(sessionId: string, tokenHash: string, expiresAt: Date): Promise<void> {
    await this.refreshTokens.insert({ sessionId, tokenHash, expiresAt });
  }

  findRefreshToken(tokenHash: string): Promise<RefreshToken | null> {
    return this.refreshTokens.findOne({ where: { tokenHash }, relations: { session: true } });
  }

  /** Marks the token used, once: false when another request already rotated it. */
  async claimRefreshToken(id: string): Promise<boolean> {
    const [, count] = (await this.dataSource.query(`UPDATE refresh_tokens SET used_at = now() WHERE id = $1 AND used_at IS NULL`, [id])) as Returning<never>;
    return count === 1;
  }

  // ── single-use email tokens ──────────────────────────────────────────────────
  async addEmailToken(userId: string, purpose: EmailTokenPurpose, tokenHash: string, expiresAt: Date): Promise<void> {
    // A new link replaces the older ones of the same purpose.
    await this.emailTokens.update({ userId, purpose, usedAt: IsNull() }, { usedAt: new Date() });
    await this.emailTokens.insert({ userId, purpose, tokenHash, expiresAt });
  }

  /** Uses the token if it is valid: returns its user id, or null (unknown, used or expired). */
  async consumeEmailToken(tokenHash: string, purpose: EmailTokenPurpose): Promise<string | null> {
    const [rows] = (await this.dataSource.query(
      `UPDATE email_tokens SET used_at = now()
        WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > now()
        RETURNING user_id AS "userId"`,
      [tokenHash, purpose],
    )) as Returning<{ userId: string }>;
    return rows[0]?.userId ?? null;
  }
}
