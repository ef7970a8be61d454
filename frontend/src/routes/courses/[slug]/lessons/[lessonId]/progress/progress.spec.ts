import { beforeEach, describe, expect, it, vi } from 'vitest';
import { reportProblem } from '#lib/learning/report.js';

const api = vi.hoisted(() => ({ POST: vi.fn(), createApiClient: vi.fn() }));
vi.mock('#lib/server/api.js', () => ({ createApiClient: api.createApiClient }));

const { POST } = await import('./+server');

const LESSON_ID = '6f1c2d3e-0000-4000-8000-000000000001';
const INTERVAL = '0b6c1c4e-5d43-4c1a-9a55-3f1f0e2a7c11';
const learner = { id: 'u1', email: 'u@example.org', displayName: 'U', emailVerified: true, isPlatformAdmin: false, memberships: [] };

const request = (body: string, { user = learner as unknown, type = 'application/json' } = {}) =>
  ({
    fetch,
    locals: { requestId: 'r', user, accessToken: user ? 't' : null },
    params: { slug: 'foundations', lessonId: LESSON_ID },
    url: new URL(`http://localhost/courses/foundations/lessons/${LESSON_ID}/progress`),
    request: new Request('http://localhost/', { method: 'POST', headers: { 'content-type': type }, body })
  }) as never;

const recorded = { lessonId: LESSON_ID, courseSlug: 'foundations', completedAt: null, module: { complete: false } };

beforeEach(() => {
  api.POST.mockReset();
  api.createApiClient.mockReset().mockReturnValue({ POST: api.POST });
});

describe('reading reports', () => {
  it('are forwarded to the API for the course in the address', async () => {
    api.POST.mockResolvedValue({ data: recorded, error: undefined, response: new Response(null, { status: 200 }) });
    const response = await POST(request(JSON.stringify({ intervalId: INTERVAL, visibleSeconds: 60, position: 0.5 })));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(recorded);
    expect(api.POST).toHaveBeenCalledWith('/api/lessons/{lessonId}/progress', {
      params: { path: { lessonId: LESSON_ID } },
      body: { course: 'foundations', intervalId: INTERVAL, visibleSeconds: 60, position: 0.5 }
    });
  });

  it('are refused without a session (401), as anything but JSON (415), or malformed (400), without calling the API', async () => {
    expect((await POST(request('{"position":0.5}', { user: null }))).status).toBe(401);
    expect((await POST(request('position=0.5', { type: 'application/x-www-form-urlencoded' }))).status).toBe(415);
    expect((await POST(request('{not json'))).status).toBe(400);
    expect((await POST(request(JSON.stringify({ course: 'other', position: 0.5 })))).status).toBe(400);
    expect((await POST(request('x'.repeat(5000)))).status).toBe(413);
    expect(api.POST).not.toHaveBeenCalled();
  });

  it("pass on the API's refusal (not enrolled) with its status", async () => {
    api.POST.mockResolvedValue({
      data: undefined,
      error: { statusCode: 403, code: 'FORBIDDEN', message: 'Not enrolled on this course' },
      response: new Response(null, { status: 403 })
    });
    const response = await POST(request(JSON.stringify({ completed: true })));
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ message: 'Not enrolled on this course' });
  });
});

describe('what a report may hold', () => {
  it('takes an interval, a position and completion', () => {
    expect(reportProblem({ intervalId: INTERVAL, visibleSeconds: 0 })).toBeNull();
    expect(reportProblem({ position: 0 })).toBeNull();
    expect(reportProblem({ position: 1, completed: true })).toBeNull();
  });

  it('names what is wrong', () => {
    expect(reportProblem([])).toMatch(/JSON object/);
    expect(reportProblem({})).toMatch(/Nothing to record/);
    expect(reportProblem({ lessonId: 'x' })).toMatch(/lessonId is not part/);
    expect(reportProblem({ intervalId: 'abc', visibleSeconds: 5 })).toMatch(/intervalId must be a UUID/);
    expect(reportProblem({ intervalId: INTERVAL, visibleSeconds: 3601 })).toMatch(/visibleSeconds/);
    expect(reportProblem({ intervalId: INTERVAL, visibleSeconds: 1.5 })).toMatch(/visibleSeconds/);
    expect(reportProblem({ intervalId: INTERVAL })).toMatch(/go together/);
    expect(reportProblem({ position: 1.2 })).toMatch(/position/);
    expect(reportProblem({ position: '0.5' })).toMatch(/position/);
    expect(reportProblem({ completed: false })).toMatch(/completed/);
  });
});
