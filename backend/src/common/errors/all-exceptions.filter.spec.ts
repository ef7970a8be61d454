import { BadRequestException, ForbiddenException, HttpException, InternalServerErrorException, NotFoundException } from '@nestjs/common';
import { ExecutionContextHost } from '@nestjs/core/internal';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { pino, type Logger } from 'pino';
import { QueryFailedError } from 'typeorm';
import { describe, expect, it, vi } from 'vitest';
import { AllExceptionsFilter, toErrorBody } from './all-exceptions.filter.js';
import { DomainError } from './domain-error.js';
import { ErrorCode } from './error-code.js';

describe('toErrorBody', () => {
  it('answers a DomainError with its code, status, message, details and headers', () => {
    const error = new DomainError(ErrorCode.RateLimited, 'Too many attempts, try again later', { retryAfterSeconds: 30 }, { 'Retry-After': '30' });
    expect(toErrorBody(error)).toEqual({
      status: 429,
      body: {
        statusCode: 429,
        code: ErrorCode.RateLimited,
        message: 'Too many attempts, try again later',
        details: { retryAfterSeconds: 30 },
      },
      headers: { 'Retry-After': '30' },
    });
  });

  it('leaves details out of the body when a DomainError has none', () => {
    const { status, body } = toErrorBody(DomainError.notFound('Ping'));
    expect(status).toBe(404);
    expect(body.code).toBe(ErrorCode.NotFound);
    expect(body.message).toBe('Ping not found');
    expect(body).not.toHaveProperty('details');
  });

  it('carries the field list of a validation DomainError', () => {
    const fields = [{ field: 'label', reasons: ['label must be a string'] }];
    const { status, body } = toErrorBody(DomainError.validation(fields));
    expect(status).toBe(400);
    expect(body.code).toBe(ErrorCode.ValidationFailed);
    expect(body.details).toEqual({ fields });
    expect(body.message).toContain('label must be a string');
  });

  it('answers a Nest NotFoundException with 404 NOT_FOUND and a generic message', () => {
    // The router's message names the method and path; the answer should not depend on it.
    const a = toErrorBody(new NotFoundException('Cannot GET /api/internal/admin-thing'));
    const b = toErrorBody(new NotFoundException());
    expect(a.status).toBe(404);
    expect(a.body.statusCode).toBe(404);
    expect(a.body.code).toBe(ErrorCode.NotFound);
    expect(a.body.message).not.toContain('admin-thing');
    expect(a.body.message.length).toBeGreaterThan(0);
    expect(a.body).toEqual(b.body);
  });

  it('joins the messages of a BadRequestException with an array message', () => {
    const { status, body } = toErrorBody(new BadRequestException(['label must be a string', 'workMs must be an integer']));
    expect(status).toBe(400);
    expect(body.code).toBe(ErrorCode.BadRequest);
    expect(body.message).toContain('label must be a string');
    expect(body.message).toContain('workMs must be an integer');
  });

  it('uses the message of a Nest 4xx exception and maps its status to a code', () => {
    const { status, body } = toErrorBody(new ForbiddenException('Only admins may do that'));
    expect(status).toBe(403);
    expect(body).toEqual({ statusCode: 403, code: ErrorCode.Forbidden, message: 'Only admins may do that' });
  });

  it('hides the message of a Nest 5xx exception', () => {
    const { status, body } = toErrorBody(new InternalServerErrorException('pool exhausted on db-primary:5432'));
    expect(status).toBe(500);
    expect(body.code).toBe(ErrorCode.Internal);
    expect(body.message).not.toContain('db-primary');
  });

  it('answers a body-parser JSON syntax error with 400 and a readable message', () => {
    const err = Object.assign(new SyntaxError('Unexpected token } in JSON at position 12'), {
      status: 400,
      statusCode: 400,
      type: 'entity.parse.failed',
      expose: true,
    });
    const { status, body } = toErrorBody(err);
    expect(status).toBe(400);
    expect(body.code).toBe(ErrorCode.BadRequest);
    expect(body.message).toBe('The request body is not valid JSON');
  });

  it('answers a body-parser size error with 413 PAYLOAD_TOO_LARGE', () => {
    const { status, body } = toErrorBody({ status: 413, type: 'entity.too.large', expose: true, message: 'request entity too large' });
    expect(status).toBe(413);
    expect(body.statusCode).toBe(413);
    expect(body.code).toBe(ErrorCode.PayloadTooLarge);
  });

  it('answers the errors Fastify and the body parsers raise before a route (handed over by Nest as an HttpException) in our words', () => {
    // What Nest's FastifyAdapter.mapException makes of them: the status and message, the error as the cause.
    const fromFastify = (error: Error & { statusCode: number }) => new HttpException(error.message, error.statusCode, { cause: error });
    const tooLarge = toErrorBody(fromFastify(Object.assign(new Error('Request body is too large'), { statusCode: 413, code: 'FST_ERR_CTP_BODY_TOO_LARGE' })));
    expect(tooLarge).toMatchObject({ status: 413, body: { code: ErrorCode.PayloadTooLarge, message: 'The request body is too large' } });
    const mediaType = toErrorBody(
      fromFastify(Object.assign(new Error('Unsupported Media Type: text/<script>'), { statusCode: 415, code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE' })),
    );
    expect(mediaType.status).toBe(415);
    expect(mediaType.body.message).not.toContain('<script>');
    const syntax = toErrorBody(
      fromFastify(Object.assign(new Error('Unexpected token in JSON'), { statusCode: 400, type: 'entity.parse.failed', expose: true })),
    );
    expect(syntax).toMatchObject({ status: 400, body: { code: ErrorCode.BadRequest, message: 'The request body is not valid JSON' } });
  });

  it('does not expose a 4xx error that says it must not be exposed', () => {
    const { status, body } = toErrorBody({ status: 400, expose: false, message: 'secret internals' });
    expect(status).toBe(500);
    expect(body.message).not.toContain('secret internals');
  });

  it('answers an unknown Error with 500 INTERNAL_ERROR and nothing from the error itself', () => {
    const err = new Error('db password=hunter2 at /srv/x.js:1');
    const { status, body, headers } = toErrorBody(err);
    expect(status).toBe(500);
    expect(body.statusCode).toBe(500);
    expect(body.code).toBe(ErrorCode.Internal);
    const text = JSON.stringify(body);
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain('/srv/x.js');
    expect(text).not.toContain('    at ');
    expect(headers).toBeUndefined();
  });

  const dbError = (code: string, message: string) => new QueryFailedError('SELECT * FROM t WHERE id = $1', ['x'], Object.assign(new Error(message), { code }));

  it.each([
    ['22P02', 'invalid input syntax for type uuid: "----"'],
    ['22008', 'date/time field value out of range: "0000-01-01T00:00:00Z"'],
    ['22021', 'invalid byte sequence for encoding "UTF8": 0x00'],
    ['22P05', 'unsupported Unicode escape sequence'],
  ])('answers a PostgreSQL input data exception (%s) with 400, without the database message', (code, message) => {
    const { status, body, warning } = toErrorBody(dbError(code, message));
    expect(status).toBe(400);
    expect(body.code).toBe(ErrorCode.BadRequest);
    expect(body.message).not.toContain(message);
    expect(JSON.stringify(body)).not.toContain('SELECT');
    expect(warning?.context).toMatchObject({ sqlState: code });
  });

  it.each([
    ['a command out of retries', Object.assign(new Error('Reached the max retries per request limit (which is 2).'), { name: 'MaxRetriesPerRequestError' })],
    ['a closed connection', new Error('Connection is closed.')],
    ['no offline queue', new Error("Stream isn't writeable and enableOfflineQueue options is false")],
  ])('answers Redis being unreachable (%s) with 503 naming the queue, like the health check', (_label, err) => {
    const { status, body, headers, warning } = toErrorBody(err);
    expect(status).toBe(503);
    expect(body).toMatchObject({ statusCode: 503, code: ErrorCode.ServiceUnavailable, details: { queue: 'down' } });
    expect(headers).toEqual({ 'Retry-After': '5' });
    expect(warning?.context).toMatchObject({ dependency: 'redis' });
  });

  it.each([
    ['no pooled connection free in time', new Error('timeout exceeded when trying to connect')],
    ['a new connection not made in time', new Error('Connection terminated due to connection timeout')],
  ])('answers a busy database (%s) with 503 and Retry-After, not 500', (_label, err) => {
    const { status, body, headers, warning } = toErrorBody(err);
    expect(status).toBe(503);
    expect(body).toMatchObject({ statusCode: 503, code: ErrorCode.ServiceUnavailable, details: { database: 'busy' } });
    expect(body.message).not.toContain('timeout exceeded');
    expect(headers).toEqual({ 'Retry-After': '2' });
    expect(warning?.context).toMatchObject({ dependency: 'postgres' });
  });

  it("keeps other data exceptions (division by zero: the API's own bug) and other database errors 500", () => {
    expect(toErrorBody(dbError('22012', 'division by zero')).status).toBe(500);
    expect(toErrorBody(dbError('23505', 'duplicate key value violates unique constraint')).status).toBe(500);
    expect(toErrorBody(Object.assign(new Error('invalid input syntax'), { code: '22P02' })).status).toBe(500);
  });

  it.each([undefined, null, 'a string', 42, { status: 502, message: 'bad gateway upstream-host' }])('answers %j with 500', (thrown) => {
    const { status, body } = toErrorBody(thrown);
    expect(status).toBe(500);
    expect(body.code).toBe(ErrorCode.Internal);
    expect(body.message).not.toContain('upstream-host');
  });
});

/** The parts of a Fastify reply the filter touches, recording what it did. */
function fakeResponse(headersSent = false) {
  const state = {
    statusCode: 200,
    body: undefined as unknown,
    headers: {} as Record<string, string>,
    ended: false,
  };
  const res = {
    sent: false,
    raw: {
      headersSent,
      writableEnded: false,
      end() {
        state.ended = true;
      },
    },
    status(code: number) {
      state.statusCode = code;
      return res;
    },
    send(body: unknown) {
      state.body = body;
      state.ended = true;
      return res;
    },
    header(name: string, value: string) {
      state.headers[name.toLowerCase()] = value;
      return res;
    },
    getHeader(name: string) {
      return state.headers[name.toLowerCase()];
    },
  };
  return { res: res as unknown as FastifyReply, state };
}

function setup(options: { reqId?: string; headersSent?: boolean } = {}) {
  const logger: Logger = pino({ level: 'silent' });
  const logError = vi.spyOn(logger, 'error');
  const logWarn = vi.spyOn(logger, 'warn');
  const filter = new AllExceptionsFilter(logger);
  const req = { id: options.reqId, originalUrl: '/api/system/pings', headers: {} } as unknown as FastifyRequest;
  const { res, state } = fakeResponse(options.headersSent);
  const host = new ExecutionContextHost([req, res, () => undefined]);
  return { filter, host, state, logError, logWarn, res };
}

describe('AllExceptionsFilter.catch', () => {
  it('writes the status and the JSON error body with the request id', () => {
    const { filter, host, state, logError } = setup({ reqId: 'req-abc-123' });
    filter.catch(DomainError.notFound('Ping'), host);

    expect(state.statusCode).toBe(404);
    expect(state.body).toEqual({
      statusCode: 404,
      code: ErrorCode.NotFound,
      message: 'Ping not found',
      requestId: 'req-abc-123',
    });
    expect(logError).not.toHaveBeenCalled();
  });

  it('falls back to the X-Request-Id response header when req.id is missing', () => {
    const { filter, host, state, res } = setup();
    res.header('X-Request-Id', 'from-header-1');
    filter.catch(new BadRequestException('nope'), host);
    expect(state.body).toMatchObject({ requestId: 'from-header-1' });
  });

  it('sets the headers a DomainError carries, e.g. Retry-After', () => {
    const { filter, host, state } = setup({ reqId: 'r-1' });
    filter.catch(new DomainError(ErrorCode.RateLimited, 'Slow down', undefined, { 'Retry-After': '17' }), host);
    expect(state.statusCode).toBe(429);
    expect(state.headers['retry-after']).toBe('17');
  });

  it('logs a 5xx with the original error and the request id', () => {
    const { filter, host, state, logError } = setup({ reqId: 'r-500' });
    const err = new Error('db password=hunter2');
    filter.catch(err, host);

    expect(state.statusCode).toBe(500);
    expect(JSON.stringify(state.body)).not.toContain('hunter2');
    expect(state.body).toMatchObject({ requestId: 'r-500', code: ErrorCode.Internal });
    expect(logError).toHaveBeenCalledTimes(1);
    const [fields] = logError.mock.calls[0] as unknown as [Record<string, unknown>, string];
    expect(fields).toMatchObject({ err, requestId: 'r-500', path: '/api/system/pings' });
  });

  it('logs a 503 DomainError as a warning with its code, not as an unhandled error', () => {
    const { filter, host, state, logError, logWarn } = setup({ reqId: 'r-503' });
    filter.catch(new DomainError(ErrorCode.ServiceUnavailable, 'Unavailable: database'), host);
    expect(state.statusCode).toBe(503);
    expect(logError).not.toHaveBeenCalled();
    expect(logWarn).toHaveBeenCalledTimes(1);
    expect(logWarn.mock.calls[0]?.[0]).toMatchObject({ code: ErrorCode.ServiceUnavailable, requestId: 'r-503' });
  });

  it('treats an object with a 4xx status that does not declare itself exposable as unexpected (500)', () => {
    const { filter, host, state, logError } = setup({ reqId: 'r-x' });
    filter.catch({ status: 404, message: 'upstream said: secret-host not found' }, host);
    expect(state.statusCode).toBe(500);
    expect(JSON.stringify(state.body)).not.toContain('secret-host');
    expect(logError).toHaveBeenCalledTimes(1);
  });

  it.each([
    ['a DomainError', new DomainError(ErrorCode.Conflict, 'Already exists')],
    ['a Nest HttpException', new HttpException('Gone', 410)],
    ['a body-parser error', { status: 413, type: 'entity.too.large', expose: true }],
  ])('does not log %s answered with 4xx', (_label, exception) => {
    const { filter, host, state, logError } = setup({ reqId: 'r-4xx' });
    filter.catch(exception, host);
    expect(state.statusCode).toBeGreaterThanOrEqual(400);
    expect(state.statusCode).toBeLessThan(500);
    expect(logError).not.toHaveBeenCalled();
  });

  it('logs a database input data exception as a warning, not as an unhandled error', () => {
    const { filter, host, state, logError, logWarn } = setup({ reqId: 'r-22' });
    filter.catch(new QueryFailedError('SELECT 1', [], Object.assign(new Error('invalid input syntax for type uuid'), { code: '22P02' })), host);
    expect(state.statusCode).toBe(400);
    expect(logError).not.toHaveBeenCalled();
    expect(logWarn.mock.calls[0]?.[0]).toMatchObject({ sqlState: '22P02', requestId: 'r-22' });
  });

  it('only ends the response when headers were already sent', () => {
    const { filter, host, state } = setup({ reqId: 'r-sent', headersSent: true });
    filter.catch(DomainError.notFound('Ping'), host);
    expect(state.ended).toBe(true);
    expect(state.statusCode).toBe(200);
    expect(state.body).toBeUndefined();
  });
});
