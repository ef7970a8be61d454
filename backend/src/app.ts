import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication, NestExpressBodyParserOptionsFor } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import { Logger as NestPinoLogger } from 'nestjs-pino';
import type { NextFunction, Request, Response } from 'express';
import cookieParser from 'cookie-parser';
import helmet from 'helmet';
import type { Logger } from 'pino';
import { ApiModule } from './api.module.js';
import { AllExceptionsFilter, sendError } from './common/errors/all-exceptions.filter.js';
import { createValidationPipe } from './common/errors/validation.js';
import { jsonDepthVerifier } from './common/http/body-depth.js';
import { noStoreForPersonalResponses } from './common/http/cache-control.js';
import { accessLog, requestIdContext } from './common/http/http-logging.js';
import { buildOpenApiDocument } from './common/http/openapi.js';
import { MODULE_ERROR_CODES } from './modules/error-codes.js';
import { refuseUnsafeText, UnsafeTextPipe } from './common/http/text-safety.js';
import type { AppConfig } from './config/config.js';

export const API_PREFIX = 'api';
const BODY_LIMIT = '1mb';

export interface CreateApiOptions {
  /** Builds the module graph without instantiating providers (no database): for the OpenAPI script. */
  preview?: boolean;
}

/** Builds the HTTP application. main.ts listens; tests and the OpenAPI script use it as is. */
export async function createApi(
  config: AppConfig,
  logger: Logger,
  options: CreateApiOptions = {},
): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(ApiModule.forRoot(config, logger), {
    // Nest's own messages wait for nestjs-pino's logger (below); the preview builds no providers.
    bufferLogs: !options.preview,
    logger: options.preview ? false : undefined,
    bodyParser: false,
    abortOnError: false,
    preview: options.preview ?? false,
  });

  if (!options.preview) app.useLogger(app.get(NestPinoLogger));
  app.disable('x-powered-by');
  app.set('trust proxy', config.http.trustProxy ? 1 : false);
  app.use(requestIdContext(), accessLog(logger));
  app.use(
    helmet({
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
    }),
  );
  app.use(noStoreForPersonalResponses);
  app.use(cookieParser());
  // JSON nested deeper than MAX_JSON_DEPTH is refused before it is parsed. Form bodies are
  // parsed flat (extended: false: `a[b][c]` stays one key), so they cannot nest at all.
  // Nest's option type leaves out `verify` because its rawBody mode uses it; this app does not
  // enable rawBody, so body-parser receives the hook as given.
  app.useBodyParser('json', { limit: BODY_LIMIT, verify: jsonDepthVerifier() } as NestExpressBodyParserOptionsFor<'json'>);
  app.useBodyParser('urlencoded', { limit: BODY_LIMIT, extended: false });
  // NUL and unpaired surrogates in the body or query: 400 before any guard or service sees them.
  app.use(refuseUnsafeText);
  // Body-parser errors (malformed JSON, too large, too deep) happen before Nest's filters: same shape here.
  app.use((err: unknown, req: Request, res: Response, next: NextFunction) => {
    if (!err) return next();
    sendError(err, req, res, logger);
  });

  app.setGlobalPrefix(API_PREFIX);
  // Route parameters (and multipart fields) get the same text check, then DTO validation.
  app.useGlobalPipes(new UnsafeTextPipe(), createValidationPipe());
  app.useGlobalFilters(new AllExceptionsFilter(logger));

  const document = buildOpenApiDocument(app, MODULE_ERROR_CODES);
  SwaggerModule.setup(`${API_PREFIX}/docs`, app, document, {
    jsonDocumentUrl: `${API_PREFIX}/docs-json`,
    customSiteTitle: 'HTMSE Academy API',
  });
  return app;
}
