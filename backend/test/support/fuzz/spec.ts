import { readFileSync } from 'node:fs';

/**
 * The operations of backend/openapi.json, with every $ref and single-member allOf resolved, in a
 * form the fuzzer can walk: parameters by location, the request body's schema, and the schema of
 * the error shape the API promises for every 4xx/5xx.
 */

export interface Schema {
  type?: string;
  format?: string;
  enum?: unknown[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  pattern?: string;
  nullable?: boolean;
  example?: unknown;
  default?: unknown;
  additionalProperties?: unknown;
}

export interface Param {
  name: string;
  in: 'path' | 'query';
  required: boolean;
  schema: Schema;
}

export interface BodySpec {
  contentType: 'application/json' | 'multipart/form-data';
  required: boolean;
  schema: Schema;
}

export interface Operation {
  /** "POST /api/auth/login": how the report names it. */
  key: string;
  operationId: string;
  method: string;
  /** The path template, e.g. /api/organisations/{organisationId}/members/{userId}. */
  path: string;
  params: Param[];
  body?: BodySpec;
  /**
   * A 2xx of this operation can end the caller's session or account, or change someone's
   * membership: it runs last, with throwaway personas that are replaced after every success.
   */
  destructive: boolean;
}

export interface ErrorShape {
  required: string[];
  allowed: string[];
  codes: string[];
}

type Raw = Record<string, unknown>;

/**
 * Operations whose success spends the caller (session, account, password) or changes another
 * member: DELETE anything, sign-out and token refresh (rotation revokes on reuse), password
 * changes, and the member routes. A route that should be here but is not is caught by the
 * persona health check after each operation (the run then fails naming it).
 */
export function isDestructive(method: string, path: string): boolean {
  return method === 'DELETE' || /\/(logout|refresh|password)$/.test(path) || /\/members\/\{[^}]+\}$/.test(path);
}

export function loadSpec(file: string): { operations: Operation[]; errorShape: ErrorShape } {
  const doc = JSON.parse(readFileSync(file, 'utf8')) as Raw;
  const components = ((doc.components as Raw | undefined)?.schemas ?? {}) as Record<string, Raw>;

  const resolve = (node: unknown, seen: string[] = []): Schema => {
    if (!node || typeof node !== 'object') return {};
    const raw = node as Raw;
    if (typeof raw.$ref === 'string') {
      const name = raw.$ref.replace('#/components/schemas/', '');
      if (seen.includes(name)) return { type: 'object' };
      const { $ref: _ref, ...rest } = raw;
      return { ...resolve(components[name], [...seen, name]), ...(rest as Schema) };
    }
    if (Array.isArray(raw.allOf)) {
      const { allOf, ...rest } = raw;
      const merged = (allOf as unknown[]).reduce<Schema>((acc, part) => ({ ...acc, ...resolve(part, seen) }), {});
      return { ...merged, ...(resolve(rest, seen) as Schema) };
    }
    const out: Schema = { ...(raw as Schema) };
    if (raw.properties) {
      out.properties = Object.fromEntries(Object.entries(raw.properties as Raw).map(([k, v]) => [k, resolve(v, seen)]));
    }
    if (raw.items) out.items = resolve(raw.items, seen);
    return out;
  };

  const operations: Operation[] = [];
  const paths = doc.paths as Record<string, Record<string, Raw>>;
  for (const path of Object.keys(paths).sort()) {
    for (const [method, op] of Object.entries(paths[path]!)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      const params = ((op.parameters as Raw[] | undefined) ?? []).map((p): Param => ({
        name: String(p.name),
        in: p.in as Param['in'],
        required: Boolean(p.required),
        schema: resolve(p.schema),
      }));
      let body: BodySpec | undefined;
      const content = (op.requestBody as Raw | undefined)?.content as Record<string, Raw> | undefined;
      if (content) {
        const contentType = content['application/json'] ? 'application/json' : content['multipart/form-data'] ? 'multipart/form-data' : undefined;
        if (!contentType) throw new Error(`${method.toUpperCase()} ${path}: the fuzzer knows no request body of type ${Object.keys(content).join(', ')}`);
        body = { contentType, required: Boolean((op.requestBody as Raw).required), schema: resolve(content[contentType]!.schema) };
      }
      const upper = method.toUpperCase();
      operations.push({
        key: `${upper} ${path}`,
        operationId: String(op.operationId ?? `${upper} ${path}`),
        method: upper,
        path,
        params: params.filter((p) => p.in === 'path' || p.in === 'query'),
        body,
        destructive: isDestructive(upper, path),
      });
    }
  }

  const error = resolve(components.ErrorResponseDto);
  const errorShape: ErrorShape = {
    required: error.required ?? [],
    allowed: Object.keys(error.properties ?? {}),
    codes: ((error.properties?.code?.enum ?? []) as unknown[]).map(String),
  };
  if (!errorShape.required.includes('requestId') || errorShape.codes.length === 0) {
    throw new Error('openapi.json: ErrorResponseDto does not describe the error shape the fuzzer checks');
  }
  return { operations, errorShape };
}

/** Every field a body schema describes: its path (array items as index 0) and its schema. */
export function fieldsOf(schema: Schema, prefix: (string | number)[] = []): { path: (string | number)[]; schema: Schema }[] {
  const out: { path: (string | number)[]; schema: Schema }[] = [];
  for (const [name, child] of Object.entries(schema.properties ?? {})) {
    const path = [...prefix, name];
    out.push({ path, schema: child });
    if (child.type === 'object' || child.properties) out.push(...fieldsOf(child, path));
    if (child.type === 'array' && child.items) {
      out.push({ path: [...path, 0], schema: child.items });
      if (child.items.properties) out.push(...fieldsOf(child.items, [...path, 0]));
    }
  }
  return out;
}
