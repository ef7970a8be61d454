import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeEvent, user } from '#lib/event-test-helpers.js';

const api = vi.hoisted(() => ({ createApiClient: vi.fn() }));
vi.mock('#lib/server/api.js', () => ({ createApiClient: api.createApiClient }));

const { apiFor, forwardedForOf } = await import('./api-event');

beforeEach(() => {
  api.createApiClient.mockReset().mockReturnValue({});
});

describe('apiFor', () => {
  it('acts as the person: their request id, token, address and browser', () => {
    const event = fakeEvent({ user, headers: { 'x-forwarded-for': '198.51.100.1' } });
    apiFor(event as never);
    expect(api.createApiClient).toHaveBeenCalledWith(fetch, {
      requestId: 'req-test-0001',
      accessToken: 'access-token-1',
      forwardedFor: '198.51.100.1, 203.0.113.7',
      userAgent: 'Vitest Browser/1.0'
    });
  });

  it('leaves the token out when asked to act signed out', () => {
    apiFor(fakeEvent({ user }) as never, { signedIn: false });
    expect(api.createApiClient.mock.calls[0]?.[1]).toMatchObject({ accessToken: undefined, forwardedFor: '203.0.113.7' });
  });
});

describe('forwardedForOf', () => {
  it('is undefined when the client address is not available', () => {
    const event = {
      ...fakeEvent(),
      getClientAddress: () => {
        throw new Error('prerendering');
      }
    };
    expect(forwardedForOf(event as never)).toBeUndefined();
  });
});
