import { Catch, HttpException, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { QueryFailedError } from 'typeorm';
import { DomainError } from './domain-error.js';
import { ErrorCode, errorCodeForStatus } from './error-code.js';
import type { ErrorResponseDto } from './error-response.dto.js';

interface ErrorBody {
  status: number;
  body: Omit<ErrorResponseDto, 'requestId'>;
  headers?: Record<string, string>;
  /** Not a fault of ours, but worth a warning in the log (a dependency down, a gap in the edge checks). */
  warning?: { message: string; context: Record<string, unknown> };
}

/** Errors raised by the body parsers (shaped like body-parser's) carry a status and a type. */
interface HttpishError {
  status?: number;
  statusCode?: number;
  type?: string;
  expose?: boolean;
  message?: string;
}

const PARSER_MESSAGES: Record<string, string> = {
  'entity.parse.failed': 'The request body is not valid JSON',
  'entity.too.large': 'The request body is too large',
  'encoding.unsupported': 'The request body encoding is not supported',
  'encoding.invalid': 'The request body could not be decompressed (Content-Encoding)',
  'charset.unsupported': 'The request body charset is not supported',
};

/**
 * Fastify's own request errors (Nest hands them over as an HttpException with the Fastify
 * error as its cause), in the words of the ones above rather than Fastify's, which may echo a header.
 */
const FASTIFY_MESSAGES: Record<string, string> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'The request body is too large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'The request body content type is not supported: send application/json',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'The request body does not match its Content-Length',
  FST_ERR_CTP_EMPTY_TYPE: 'The request body has an empty Content-Type',
  FST_ERR_CTP_INVALID_TYPE: 'The request body has an invalid Content-Type',
};

/**
 * Our words for an error raised before the route ran: Nest hands those (Fastify's own errors
 * and the body parsers' body-parser-shaped ones) to the filter as an HttpException caused by them.
 */
function parserMessage(exception: HttpException): string | undefined {
  const cause = exception.cause as { code?: unknown; type?: unknown } | undefined;
  if (typeof cause?.code === 'string' && Object.hasOwn(FASTIFY_MESSAGES, cause.code)) return FASTIFY_MESSAGES[cause.code];
  if (typeof cause?.type === 'string' && Object.hasOwn(PARSER_MESSAGES, cause.type)) return PARSER_MESSAGES[cause.type];
  return undefined;
}

/**
 * PostgreSQL data exceptions (SQLSTATE class 22) that only an input value can cause: the value
 * cannot be stored in, or cast to, its column's type. The edge checks (DTO validation, the text
 * check, strict cursor decoding) should refuse such values first, naming the field; this is the
 * net under them, so a value they miss is a 400 (logged as a warning to be fixed) and not a 500.
 * Other class 22 errors (division by zero, ...) are the API's own bugs and stay 500.
 */
const INPUT_DATA_EXCEPTIONS: Record<string, string> = {
  '22001': 'A value in the request is too long',
  '22003': 'A number in the request is out of range',
  '22007': 'A date or time in the request is not valid',
  '22008': 'A date or time in the request is out of range',
  '22021': 'The request contains characters that cannot be stored',
  '22025': 'A value in the request has an invalid escape sequence',
  '22P02': 'A value in the request has the wrong format',
  '22P05': 'The request contains characters that cannot be stored',
};

function inputDataException(exception: unknown): { sqlState: string; message: string } | null {
  if (!(exception instanceof QueryFailedError)) return null;
  const sqlState = (exception.driverError as { code?: unknown } | undefined)?.code;
  if (typeof sqlState !== 'string' || !Object.hasOwn(INPUT_DATA_EXCEPTIONS, sqlState)) return null;
  return { sqlState, message: INPUT_DATA_EXCEPTIONS[sqlState]! };
}

/**
 * What ioredis throws when Redis cannot be reached (a command out of retries, the connection
 * closed under it, or no offline queue to wait in). Redis holds the queues and the rate-limit
 * counters, so these mean "a dependency is down" (503, like the health check), not a fault of
 * ours (500). ioredis does not export these classes, hence name and message.
 */
function redisUnavailable(exception: unknown): boolean {
  if (!(exception instanceof Error)) return false;
  return (
    exception.name === 'MaxRetriesPerRequestError' ||
    exception.message === 'Connection is closed.' ||
    exception.message.startsWith("Stream isn't writeable and enableOfflineQueue options is false")
  );
}

/**
 * What pg-pool throws when no connection frees up within connectionTimeoutMillis (every one is
 * busy: a spike, such as an exam starting), or a new connection cannot be made in time. The
 * request did nothing wrong and may succeed a moment later: 503 with Retry-After, not 500.
 */
function databaseBusy(exception: unknown): boolean {
  if (!(exception instanceof Error)) return false;
  return exception.message === 'timeout exceeded when trying to connect' || exception.message === 'Connection terminated due to connection timeout';
}

/** Maps anything thrown into the one error shape. Unknown errors are logged and answered 500. */
export function toErrorBody(exception: unknown): ErrorBody {
  if (exception instanceof DomainError) {
    const status = exception.status;
    return {
      status,
      body: {
        statusCode: status,
        code: exception.code,
        message: exception.message,
        ...(exception.details === undefined ? {} : { details: exception.details as Record<string, unknown> }),
      },
      headers: exception.headers,
    };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const code = errorCodeForStatus(status);
    const response = exception.getResponse();
    let message = exception.message;
    const fromParser = parserMessage(exception);
    if (status === 404) message = 'The requested resource was not found';
    else if (fromParser) message = fromParser;
    else if (typeof response === 'object' && response && 'message' in response) {
      const m = (response as { message: unknown }).message;
      message = Array.isArray(m) ? m.join('; ') : String(m);
    }
    // A framework 5xx keeps its status (503 stays 503) but never its message.
    if (status >= 500) {
      const fallback = internal();
      return { status, body: { ...fallback.body, statusCode: status, code } };
    }
    return { status, body: { statusCode: status, code, message } };
  }
  const e = exception as HttpishError | undefined;
  const status = e?.status ?? e?.statusCode;
  // Only errors that declare themselves safe to show (body-parser, http-errors set expose) are
  // passed on; any other object with a status is treated as unexpected.
  if (typeof status === 'number' && status >= 400 && status < 500 && e?.expose === true) {
    const message = (e.type && Object.hasOwn(PARSER_MESSAGES, e.type) ? PARSER_MESSAGES[e.type] : undefined) ?? e.message ?? 'Bad request';
    return { status, body: { statusCode: status, code: errorCodeForStatus(status), message } };
  }
  if (redisUnavailable(exception)) {
    return {
      status: 503,
      body: {
        statusCode: 503,
        code: ErrorCode.ServiceUnavailable,
        message: 'Unavailable: queue. Try again in a moment.',
        details: { queue: 'down' },
      },
      headers: { 'Retry-After': '5' },
      warning: { message: 'Redis is unreachable', context: { dependency: 'redis', err: (exception as Error).message } },
    };
  }
  if (databaseBusy(exception)) {
    return {
      status: 503,
      body: {
        statusCode: 503,
        code: ErrorCode.ServiceUnavailable,
        message: 'Unavailable: the database is busy. Try again in a moment.',
        details: { database: 'busy' },
      },
      headers: { 'Retry-After': '2' },
      warning: { message: 'no database connection became free in time', context: { dependency: 'postgres', err: (exception as Error).message } },
    };
  }
  const data = inputDataException(exception);
  if (data) {
    return {
      status: 400,
      body: { statusCode: 400, code: ErrorCode.BadRequest, message: data.message },
      warning: { message: 'the database refused an input value that the edge checks let through', context: { sqlState: data.sqlState, err: exception } },
    };
  }
  return internal();
}

function internal(): ErrorBody {
  return {
    status: 500,
    body: {
      statusCode: 500,
      code: ErrorCode.Internal,
      message: 'An unexpected error occurred. Quote the request id if you report it.',
    },
  };
}

export function sendError(exception: unknown, req: FastifyRequest, res: FastifyReply, logger: Logger): void {
  const { status, body, headers, warning } = toErrorBody(exception);
  const requestId = String(req.id ?? res.getHeader('x-request-id') ?? '');
  const path = req.originalUrl ?? req.url;
  if (warning) {
    logger.warn({ ...warning.context, requestId, path }, warning.message);
  } else if (exception instanceof DomainError && status >= 500) {
    // An expected condition (a dependency is down), already described by its code.
    logger.warn({ code: exception.code, details: exception.details, requestId, path }, exception.message);
  } else if (status >= 500) {
    logger.error({ err: exception, requestId, path }, 'unhandled error');
  }
  if (res.sent || res.raw.headersSent) {
    if (!res.raw.writableEnded) res.raw.end();
    return;
  }
  for (const [name, value] of Object.entries(headers ?? {})) res.header(name, value);
  res.status(status).send({ ...body, requestId });
}

@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    sendError(exception, http.getRequest<FastifyRequest>(), http.getResponse<FastifyReply>(), this.logger);
  }
}
