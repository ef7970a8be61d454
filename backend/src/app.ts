import 'reflect-metadata';
import fastifyCookie from '@fastify/cookie';
import { NestFactory } from '@nestjs/core';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { IncomingMessage } from 'node:http';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import { Logger as NestPinoLogger } from 'nestjs-pino';
import type { Logger } from 'pino';
import { ApiModule } from './api.module.js';
import { AllExceptionsFilter, sendError } from './common/errors/all-exceptions.filter.js';
import { DomainError } from './common/errors/domain-error.js';
import { ErrorCode } from './common/errors/error-code.js';
import { createValidationPipe } from './common/errors/validation.js';
import { jsonBodyParser } from './common/http/body-depth.js';
import { answerClientError } from './common/http/client-errors.js';
import { noStoreForPersonalResponses } from './common/http/cache-control.js';
import { inflateRequestBody } from './common/http/content-encoding.js';
import { requestLogging } from './common/http/http-logging.js';
import { buildOpenApiDocument } from './common/http/openapi.js';
import { requestIdFrom } from './common/http/request-id.js';
import { trustOneProxyHop } from './common/http/request-meta.js';
import { securityHeaders } from './common/http/security-headers.js';
import { MODULE_ERROR_CODES } from './modules/error-codes.js';
import { refuseUnsafeText, UnsafeTextPipe } from './common/http/text-safety.js';
import type { AppConfig } from './config/config.js';

export const API_PREFIX = 'api';
/** The largest request body, JSON or form (1 MiB); uploads have their own limit (2 MB, uploads.service.ts). */
export const BODY_LIMIT = 1024 * 1024;
/** A CSV body (text/csv): the cohort member import's file. */
export const CSV_BODY_LIMIT = 2 * 1024 * 1024;

/** Node's HTTP parser refuses a request head over 16 KiB, which bounds every URL. */
const MAX_URL_BYTES = 16 * 1024;

/** What the router's own errors become: a malformed path is the caller's 400; anything else stays unexpected. */
function routerError(error: Error & { code?: string }): unknown {
  if (error.code === 'FST_ERR_BAD_URL') {
    return new DomainError(ErrorCode.BadRequest, 'The request path is not valid: a percent-encoded part of it does not decode to UTF-8 text');
  }
  return error;
}

export interface CreateApiOptions {
  /** Builds the module graph without instantiating providers (no database): for the OpenAPI script. */
  preview?: boolean;
}

/** Builds the HTTP application (Fastify). main.ts listens; tests and the OpenAPI script use it as is. */
export async function createApi(config: AppConfig, logger: Logger, options: CreateApiOptions = {}): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    // With TRUST_PROXY, req.ip is the address the web app's proxy forwarded (one hop).
    trustProxy: config.http.trustProxy ? trustOneProxyHop : false,
    bodyLimit: BODY_LIMIT,
    // The caller's X-Request-Id when it looks safe to log (the web app's proxy sends one), else a UUID.
    genReqId: (req: IncomingMessage) => requestIdFrom(req),
    requestIdHeader: false,
    logger: false,
    // As Express routed: /api/health/ is /api/health, and a path parameter may be as long as the
    // URL allows (its DTO or pipe judges it, naming the field) rather than 414 past 100 characters.
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: MAX_URL_BYTES },
    // The router refuses a path that does not decode (a lone surrogate's bytes, cut UTF-8) before
    // any hook or Nest sees the request: answered here, in the error shape, with the request id.
    // What Node's HTTP parser refuses before any handler runs (a head over 16 KB, a malformed
    // request, a request too slow to arrive) is answered in the error shape too.
    clientErrorHandler: answerClientError,
    frameworkErrors: (error: FastifyError, req: FastifyRequest, reply: FastifyReply) => {
      reply.header('X-Request-Id', req.id);
      sendError(routerError(error), req, reply, logger);
    },
  });
  const app = await NestFactory.create<NestFastifyApplication>(ApiModule.forRoot(config, logger), adapter, {
    // Nest's own messages wait for nestjs-pino's logger (below); the preview builds no providers.
    bufferLogs: !options.preview,
    logger: options.preview ? false : undefined,
    bodyParser: false,
    abortOnError: false,
    preview: options.preview ?? false,
  });

  if (!options.preview) app.useLogger(app.get(NestPinoLogger));
  const fastify = app.getHttpAdapter().getInstance();
  // First: the request id, its logging context and the access log, so every answer carries them.
  requestLogging(fastify, logger);
  securityHeaders(fastify, {
    // Swagger UI is the only HTML the API serves; it needs inline styles and data: images.
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        frameAncestors: ["'none'"],
      },
    },
    hsts: config.isProduction,
  });
  // Cookies are parsed on request and written in an onSend hook: registered before the
  // Cache-Control hook, so that hook sees the Set-Cookie header.
  await app.register(fastifyCookie);
  fastify.addHook('onSend', noStoreForPersonalResponses);

  // JSON: nested deeper than MAX_JSON_DEPTH or holding more than MAX_JSON_VALUES values is
  // refused before it is parsed (common/http/body-depth.ts). Form bodies are parsed flat (`a[b][c]`
  // stays one key), so they cannot nest at all. Other content types are refused with 415,
  // multipart only reaches the upload route (its interceptor parses it).
  // Compressed bodies (gzip, deflate, br) are inflated first, as body-parser did.
  fastify.addHook('preParsing', inflateRequestBody);
  fastify.removeContentTypeParser('text/plain');
  app.useBodyParser('application/json', { bodyLimit: BODY_LIMIT }, jsonBodyParser());
  app.useBodyParser('application/x-www-form-urlencoded', { bodyLimit: BODY_LIMIT });
  // CSV (a cohort's member import, docs/cohorts.md): kept as text, up to 2 MB; the route parses it.
  fastify.addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit: CSV_BODY_LIMIT }, (_req, body, done) => done(null, body));
  // NUL and unpaired surrogates in the body or query: 400 before any guard or service sees them.
  fastify.addHook('preValidation', refuseUnsafeText);

  app.setGlobalPrefix(API_PREFIX);
  // Route parameters (and multipart fields) get the same text check, then DTO validation.
  app.useGlobalPipes(new UnsafeTextPipe(), createValidationPipe());
  // Also answers what fails before a route runs (body parsing, 404, the hooks above): Nest
  // installs its exception layer as Fastify's error handler.
  app.useGlobalFilters(new AllExceptionsFilter(logger));

  const document = buildOpenApiDocument(app, MODULE_ERROR_CODES);
  SwaggerModule.setup(`${API_PREFIX}/docs`, app, document, {
    jsonDocumentUrl: `${API_PREFIX}/docs-json`,
    customSiteTitle: 'HTMSE Academy API',
  });
  return app;
}
