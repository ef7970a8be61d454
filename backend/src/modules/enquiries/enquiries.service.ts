import { Injectable } from '@nestjs/common';
import type { Actor } from '../../common/auth/actor.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { ErrorCode } from '../../common/errors/error-code.js';
import { decodeKeyset, toPage } from '../../common/http/pagination.js';
import type { RequestMeta } from '../../common/http/request-meta.js';
import { MailService } from '../../infra/mail/mail.service.js';
import { RateLimiter } from '../../infra/rate-limit/rate-limiter.js';
import type { CreateEnquiryDto, EnquiryDto, EnquiryListDto, EnquiryReceiptDto, ListEnquiriesQueryDto, UpdateEnquiryDto } from './enquiries.dto.js';
import { enquiryAcknowledgementMail } from './enquiries.mails.js';
import { EnquiriesRepository, type EnquiryRow } from './enquiries.repository.js';

export const ENQUIRIES_PER_HOUR_PER_ADDRESS = 5;
const DEFAULT_PAGE_SIZE = 20;

function toDto(row: EnquiryRow): EnquiryDto {
  return {
    id: row.id,
    organisation: row.organisation,
    contactName: row.contactName,
    email: row.email,
    needs: row.needs,
    staffCount: row.staffCount,
    preferredTiming: row.preferredTiming,
    status: row.status,
    createdAt: new Date(row.createdAt).toISOString(),
    updatedAt: new Date(row.updatedAt).toISOString(),
  };
}

/** Tailored-training enquiries: anyone may send one (rate limited per address); platform admins work through them. */
@Injectable()
export class EnquiriesService {
  constructor(
    private readonly repository: EnquiriesRepository,
    private readonly mail: MailService,
    private readonly rateLimiter: RateLimiter,
  ) {}

  private requireAdmin(actor: Actor): void {
    if (!actor.isPlatformAdmin) throw new DomainError(ErrorCode.Forbidden, 'Only platform admins may see enquiries');
  }

  /** Stored first, then the acknowledgement is queued (the mail job retries on its own). */
  async createEnquiry(dto: CreateEnquiryDto, meta: RequestMeta): Promise<EnquiryReceiptDto> {
    const limit = await this.rateLimiter.hit(`enquiry:ip:${meta.ip}`, 3600);
    if (limit.count > ENQUIRIES_PER_HOUR_PER_ADDRESS) {
      throw new DomainError(ErrorCode.RateLimited, 'Too many enquiries from this address; try again later', undefined, {
        'Retry-After': String(limit.retryAfterSeconds || 3600),
      });
    }
    const row = await this.repository.insert({
      organisation: dto.organisation,
      contactName: dto.contactName,
      email: dto.email.toLowerCase(),
      needs: dto.needs,
      staffCount: dto.staffCount,
      preferredTiming: dto.preferredTiming?.trim() || null,
    });
    await this.mail.send(enquiryAcknowledgementMail({ to: row.email, contactName: row.contactName, organisation: row.organisation }));
    return { id: row.id, message: 'Thank you. We have received your enquiry and sent a confirmation to your email address.' };
  }

  async listEnquiries(actor: Actor, query: ListEnquiriesQueryDto): Promise<EnquiryListDto> {
    this.requireAdmin(actor);
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const key = decodeKeyset(query.cursor, ['timestamp', 'uuid']);
    const rows = await this.repository.list(query.status, key ? { createdAt: key[0], id: key[1] } : null, limit);
    const page = toPage(rows, limit, (r) => [new Date(r.createdAt).toISOString(), r.id]);
    return { items: page.items.map(toDto), nextCursor: page.nextCursor };
  }

  async updateEnquiry(actor: Actor, id: string, dto: UpdateEnquiryDto): Promise<EnquiryDto> {
    this.requireAdmin(actor);
    const row = await this.repository.setStatus(id, dto.status);
    if (!row) throw DomainError.notFound('Enquiry');
    return toDto(row);
  }
}
