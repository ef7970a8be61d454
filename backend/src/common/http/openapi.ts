import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import type { ModuleErrorCode } from '../errors/error-code.js';

export const API_VERSION = '0.1.0';

/**
 * The API's OpenAPI document. `moduleCodes` are the modules' own error codes
 * (modules/error-codes.ts), added to the ErrorCode enum after the general ones, so the generated
 * client knows every code the API can answer with.
 */
export function buildOpenApiDocument(app: INestApplication, moduleCodes: readonly ModuleErrorCode[] = []): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('HTMSE Academy API')
    .setDescription(
      'Courses built from the HTMSE publications library, for professionals in the counter human ' +
        'trafficking and modern slavery sector. Every error has the shape ErrorResponse.',
    )
    .setVersion(API_VERSION)
    .setLicense('AGPL-3.0-or-later', 'https://www.gnu.org/licenses/agpl-3.0.html')
    .build();
  const document = SwaggerModule.createDocument(app, config, {
    // Controller method names (getHealth, createPing) become the generated client's names.
    operationIdFactory: (_controllerKey, methodKey) => methodKey,
  });
  const errorCode = document.components?.schemas?.ErrorCode as { enum?: string[] } | undefined;
  if (errorCode?.enum) errorCode.enum = [...errorCode.enum, ...moduleCodes.map((c) => c.code).filter((c) => !errorCode.enum!.includes(c))];
  return document;
}

/** Deterministic JSON: object keys sorted at every depth, so the committed spec diffs cleanly. */
export function sortedJson(value: unknown): string {
  const sort = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sort);
    if (v && typeof v === 'object') {
      return Object.fromEntries(
        Object.keys(v as Record<string, unknown>)
          .sort()
          .map((k) => [k, sort((v as Record<string, unknown>)[k])]),
      );
    }
    return v;
  };
  return `${JSON.stringify(sort(value), null, 2)}\n`;
}
