import type { components } from '#lib/api/schema.js';

export type EnquiryStatus = components['schemas']['EnquiryDto']['status'];

export const ENQUIRY_STATUSES = ['new', 'in_progress', 'closed'] as const satisfies readonly EnquiryStatus[];

export const STATUS_LABELS: Record<EnquiryStatus, string> = { new: 'New', in_progress: 'In progress', closed: 'Closed' };

export function isEnquiryStatus(value: unknown): value is EnquiryStatus {
  return typeof value === 'string' && (ENQUIRY_STATUSES as readonly string[]).includes(value);
}
