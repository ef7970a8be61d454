import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { MailService } from '../../infra/mail/mail.service.js';
import type { JobPayloads } from '../../infra/queue/job.types.js';
import { OnJob } from '../../infra/queue/on-job.decorator.js';
import { AuditService } from '../audit/index.js';
import type { User } from './identity.entities.js';
import { IdentityLimits } from './identity.limits.js';
import { identityMails } from './identity.mails.js';
import { IdentityRepository } from './identity.repository.js';
import { hashToken, newToken } from './tokens.js';

const VERIFY_TTL_MS = 24 * 3600_000;
const RESET_TTL_MS = 3600_000;

/**
 * The mails that answer registration, "resend confirmation" and "forgot password". They run as
 * jobs: whether an address has an account is decided here, after the request has been answered
 * with the same 202 and the same work either way, so neither the answer nor its timing tells.
 *
 * Each kind of mail goes to one address at most LIMITS.mailsPerRecipient times an hour; beyond
 * that, requests are silently not mailed (never refused), so strangers asking for someone's
 * reset link cannot block the owner's own request: the newest link already in their inbox works.
 */
@Injectable()
export class AccountMailService {
  constructor(
    private readonly repository: IdentityRepository,
    private readonly mail: MailService,
    private readonly limits: IdentityLimits,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private link(path: string, token: string) {
    return `${this.config.http.publicOrigin}${path}?token=${encodeURIComponent(token)}`;
  }

  private async sendVerification(user: User): Promise<void> {
    const token = newToken();
    await this.repository.addEmailToken(user.id, 'verify_email', hashToken(token), new Date(Date.now() + VERIFY_TTL_MS));
    await this.mail.send(identityMails.verifyEmail(user.email, user.displayName, this.link('/verify-email', token)));
  }

  @OnJob('identity.registration')
  async afterRegistration({ userId, created, meta }: JobPayloads['identity.registration']): Promise<void> {
    const user = await this.repository.findUserById(userId);
    if (!user) return;
    if (!created) {
      if (await this.limits.mayMail('already-registered', user.email)) {
        await this.mail.send(identityMails.alreadyRegistered(user.email, user.displayName, this.config.http.publicOrigin));
      }
      return;
    }
    await this.audit.record({ action: 'account.registered', actorUserId: user.id, targetType: 'user', targetId: user.id }, meta);
    await this.sendVerification(user);
  }

  @OnJob('identity.verification-requested')
  async resendVerification({ email }: JobPayloads['identity.verification-requested']): Promise<void> {
    const user = await this.repository.findUserByEmail(email);
    if (!user || user.emailVerifiedAt) return;
    if (await this.limits.mayMail('verify-email', email)) await this.sendVerification(user);
  }

  @OnJob('identity.password-reset-requested')
  async sendResetLink({ email, deviceHash }: JobPayloads['identity.password-reset-requested']): Promise<void> {
    const { user, knownDevice } = await this.repository.findUserForSignIn(email, deviceHash);
    if (!user) return;
    // From a browser the owner has signed in from, the request is theirs: always mailed.
    if (!knownDevice && !(await this.limits.mayMail('reset-password', email))) return;
    const token = newToken();
    await this.repository.addEmailToken(user.id, 'reset_password', hashToken(token), new Date(Date.now() + RESET_TTL_MS));
    await this.mail.send(identityMails.resetPassword(user.email, user.displayName, this.link('/reset-password', token)));
  }
}
