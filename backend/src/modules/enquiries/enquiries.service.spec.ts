import { describe, expect, it, vi } from 'vitest';
import { type DomainError } from '../../common/errors/domain-error.js';
import { ErrorCode } from '../../common/errors/error-code.js';
import type { MailService } from '../../infra/mail/mail.service.js';
import type { RateLimiter } from '../../infra/rate-limit/rate-limiter.js';
import type { EnquiriesRepository, EnquiryRow } from './enquiries.repository.js';
import { ENQUIRIES_PER_HOUR_PER_ADDRESS, EnquiriesService } from './enquiries.service.js';

const meta = { ip: '10.0.0.1', userAgent: null, requestId: null };
const dto = { organisation: 'NGO <b>', contactName: 'Ada', email: 'Ada@Example.org', needs: 'Training', staffCount: 12 };
const stored: EnquiryRow = {
  id: 'e1',
  organisation: 'NGO <b>',
  contactName: 'Ada',
  email: 'ada@example.org',
  needs: 'Training',
  staffCount: 12,
  preferredTiming: null,
  status: 'new',
  createdAt: new Date('2026-11-28T10:00:00Z'),
  updatedAt: new Date('2026-11-28T10:00:00Z'),
};

function setup(count = 1) {
  const order: string[] = [];
  const repository = {
    insert: vi.fn(async () => (order.push('insert'), stored)),
    list: vi.fn(async () => [stored]),
    setStatus: vi.fn(async (): Promise<EnquiryRow | null> => ({ ...stored, status: 'closed' })),
  };
  const mail = { send: vi.fn(async () => void order.push('mail')) };
  const rateLimiter = { hit: vi.fn(async () => ({ count, retryAfterSeconds: 100 })) };
  const service = new EnquiriesService(repository as unknown as EnquiriesRepository, mail as unknown as MailService, rateLimiter as unknown as RateLimiter);
  return { service, repository, mail, rateLimiter, order };
}
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (e: unknown) => e as DomainError,
  );
const admin = { userId: 'a', sessionId: 's', isPlatformAdmin: true, via: 'bearer' as const };

describe('EnquiriesService', () => {
  it('stores the enquiry, then mails an acknowledgement with the names escaped in HTML', async () => {
    const { service, mail, order, rateLimiter } = setup();
    expect(await service.createEnquiry(dto, meta)).toMatchObject({ id: 'e1' });
    expect(order).toEqual(['insert', 'mail']);
    expect(rateLimiter.hit).toHaveBeenCalledWith('enquiry:ip:10.0.0.1', 3600);
    const message = (mail.send.mock.calls[0] as unknown as [{ to: string; html: string }])[0];
    expect(message.to).toBe('ada@example.org');
    expect(message.html).toContain('NGO &#60;b&#62;');
  });

  it('answers 429 with Retry-After past the limit, storing nothing', async () => {
    const { service, repository } = setup(ENQUIRIES_PER_HOUR_PER_ADDRESS + 1);
    expect(await failure(service.createEnquiry(dto, meta))).toMatchObject({ code: ErrorCode.RateLimited, headers: { 'Retry-After': '100' } });
    expect(repository.insert).not.toHaveBeenCalled();
  });

  it('lists and updates for platform admins only; an unknown id is 404', async () => {
    const { service, repository } = setup();
    expect((await failure(service.listEnquiries({ ...admin, isPlatformAdmin: false }, {})))?.code).toBe(ErrorCode.Forbidden);
    expect((await service.listEnquiries(admin, { status: 'new' })).items).toHaveLength(1);
    expect(repository.list).toHaveBeenCalledWith('new', null, 20);
    repository.setStatus.mockResolvedValueOnce(null);
    expect((await failure(service.updateEnquiry(admin, 'x', { status: 'closed' })))?.code).toBe(ErrorCode.NotFound);
  });
});
