import { beforeEach, describe, expect, it, vi } from 'vitest';
import { findTags, headingsInOrder, renderHtml, textOf } from '#lib/test-helpers.js';
import { enquiryProblems, type EnquiryValues } from './enquiry-form';

const api = vi.hoisted(() => ({ POST: vi.fn(), createApiClient: vi.fn() }));
vi.mock('#lib/server/api.js', () => ({ createApiClient: api.createApiClient }));

const { actions } = await import('./+page.server');
const { default: EnquiryPage } = await import('./+page.svelte');

type Action = (event: never) => Promise<unknown>;
const send = actions.default as unknown as Action;

const valid: EnquiryValues = {
  organisation: 'Safe Homes Trust',
  contactName: 'Ana Silva',
  email: 'ana@example.org',
  needs: 'Identifying labour exploitation for outreach workers.',
  staffCount: '25',
  preferredTiming: ''
};

function eventWith(values: Partial<EnquiryValues>) {
  const body = new FormData();
  for (const [key, value] of Object.entries(values)) body.set(key, value ?? '');
  const cookies = { set: vi.fn(), get: vi.fn(), delete: vi.fn() };
  const event = {
    fetch,
    locals: { requestId: 'r', user: null, accessToken: null },
    url: new URL('http://x/enquiry'),
    request: new Request('http://x/enquiry', { method: 'POST', body }),
    cookies
  } as never;
  return { event, cookies };
}

beforeEach(() => {
  api.POST.mockReset();
  api.createApiClient.mockReset().mockReturnValue({ POST: api.POST });
});

describe('enquiry checks', () => {
  it('accepts a complete enquiry; preferred timing is optional', () => {
    expect(enquiryProblems(valid)).toEqual({});
  });

  it('names every missing required field, and a staff count that is not a whole number', () => {
    const errors = enquiryProblems({ ...valid, organisation: '', contactName: '', email: 'nope', needs: '', staffCount: '2.5' });
    expect(Object.keys(errors).sort()).toEqual(['contactName', 'email', 'needs', 'organisation', 'staffCount']);
    expect(enquiryProblems({ ...valid, staffCount: '0' }).staffCount).toBeDefined();
  });
});

describe('enquiry action', () => {
  it('returns inline errors and what was typed, without calling the API', async () => {
    const { event } = eventWith({ ...valid, email: '' });
    const result = (await send(event)) as { status: number; data: Record<string, unknown> };
    expect(result.status).toBe(400);
    expect(result.data.errors).toEqual({ email: 'Enter an email address' });
    expect(result.data.values).toMatchObject({ organisation: 'Safe Homes Trust' });
    expect(api.POST).not.toHaveBeenCalled();
  });

  it('sends the enquiry with the staff count as a number and shows the success page', async () => {
    api.POST.mockResolvedValue({ data: {}, error: undefined, response: new Response(null, { status: 201 }) });
    const { event, cookies } = eventWith(valid);
    await expect(send(event)).rejects.toMatchObject({ status: 303, location: '/enquiry/sent' });
    expect(api.POST).toHaveBeenCalledWith('/api/enquiries', {
      body: {
        organisation: 'Safe Homes Trust',
        contactName: 'Ana Silva',
        email: 'ana@example.org',
        needs: 'Identifying labour exploitation for outreach workers.',
        staffCount: 25
      }
    });
    expect(cookies.set).toHaveBeenCalled();
  });

  it('maps the API’s field errors onto the form', async () => {
    api.POST.mockResolvedValue({
      data: undefined,
      error: { code: 'VALIDATION_FAILED', message: 'bad', details: { fields: [{ field: 'needs', reasons: ['needs should not be empty'] }] } },
      response: new Response(null, { status: 400 })
    });
    const { event } = eventWith(valid);
    const result = (await send(event)) as { status: number; data: Record<string, unknown> };
    expect(result.data.errors).toEqual({ needs: 'Describe your training needs' });
  });
});

describe('enquiry page', () => {
  it('labels every field and shows inline errors with a summary', () => {
    const out = renderHtml(EnquiryPage, {
      data: {},
      form: { values: valid, errors: { email: 'Enter an email address' } }
    } as never);
    expect(headingsInOrder(out)).toBe(true);
    for (const name of ['organisation', 'contactName', 'email', 'needs', 'staffCount', 'preferredTiming']) {
      expect(out).toContain(`for="${name}"`);
    }
    expect(findTags(out, 'input').find((i) => i.attrs.name === 'email')!.attrs['aria-invalid']).toBe('true');
    expect(textOf(out)).toContain('There is a problem');
  });
});
