import { gzipSync } from 'node:zlib';
import { hash32, rng, type Rng } from './rng.js';
import { fieldsOf, type Operation, type Schema } from './spec.js';
import { Raw, toJson, type FuzzRequest, type MultipartPart } from './wire.js';

/**
 * Fuzz cases: a valid baseline request per operation and persona, derived from openapi.json and
 * real fixtures, and one mutation of it per case. Cases are plain data generated from the seed
 * alone (no fixture values), so "seed + case index" names one request; the values that depend
 * on the run (ids, tokens) are filled in when the case is built.
 */

export const PERSONAS = ['anonymous', 'learner', 'orgAdmin', 'platformAdmin'] as const;
export type PersonaName = (typeof PERSONAS)[number];

export interface Credentials {
  userId: string;
  email: string;
  password: string;
  accessToken: string;
  refreshToken: string;
}

export interface Harvested {
  cursor: string;
  /** The query the cursor came from (without the cursor): a cursor is only valid for its own query. */
  query: [string, string][];
}

/** What the run provides: values that get a request past 404s to the validation and service layers. */
export interface Fixtures {
  pathValue(op: Operation, name: string): string | undefined;
  queryValue(op: Operation, name: string): string | undefined;
  bodyValue(op: Operation, path: (string | number)[], ctx: BuildContext): { value: unknown } | undefined;
  /** A real nextCursor for the baseline query, when the list has a second page. */
  cursor(op: Operation, persona: PersonaName): Harvested | undefined;
  /** A real nextCursor from the plainest query (limit=1), to mutate when the baseline has none. */
  anyCursor(op: Operation, persona: PersonaName): Harvested | undefined;
  /** A small valid PNG. */
  image: Buffer;
}

export interface BuildContext {
  seed: number;
  index: number;
  persona: PersonaName;
  creds?: Credentials;
  rng: Rng;
}

export type Target =
  | { in: 'body'; path: (string | number)[]; schema: Schema }
  | { in: 'query'; name: string; schema: Schema }
  | { in: 'path'; name: string; schema: Schema }
  | { in: 'request' };

export interface FuzzCase {
  index: number;
  op: string;
  persona: PersonaName;
  klass: string;
  /** Index into the class's targets for the operation. */
  target: number;
  /** Chooses the variant: variants[pick % variants.length]. Round-robin per operation and class. */
  pick: number;
}

interface Variant {
  label: string;
  apply: (req: FuzzRequest, ctx: ApplyContext) => void;
}

interface ApplyContext extends BuildContext {
  op: Operation;
  fixtures: Fixtures;
  /** The baseline's value at the target (a string for query and path targets). */
  current: unknown;
}

interface MutationClass {
  name: string;
  targets: (op: Operation) => Target[];
  variants: (target: Target, ctx: ApplyContext) => Variant[];
}

// ── helpers ─────────────────────────────────────────────────────────────────────────────────

const isJsonBody = (op: Operation) => op.body?.contentType === 'application/json';
const bodyFields = (op: Operation) => (isJsonBody(op) ? fieldsOf(op.body!.schema) : []);
const typeOf = (s: Schema) => s.type ?? (s.properties ? 'object' : s.enum ? 'string' : undefined);
const queryParams = (op: Operation) => op.params.filter((p) => p.in === 'query');
const pathParams = (op: Operation) => op.params.filter((p) => p.in === 'path');
const ID_FIELD = /(^id$|Id$|Ids$|^slug$|Slug$|Slugs$|^token$|Token$|^publication$|^course$|^file$)/;

function lastName(path: (string | number)[]): string {
  for (let i = path.length - 1; i >= 0; i--) if (typeof path[i] === 'string') return path[i] as string;
  return '';
}

export function describePath(path: (string | number)[]): string {
  return path.length ? path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i ? `.${p}` : p)).join('') : '(root)';
}

export function describeTarget(t: Target): string {
  if (t.in === 'body') return `body.${describePath(t.path)}`;
  if (t.in === 'request') return 'request';
  return `${t.in}.${t.name}`;
}

function getAt(root: unknown, path: (string | number)[]): unknown {
  let node = root;
  for (const key of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, unknown>)[key];
  }
  return node;
}

function setAt(root: unknown, path: (string | number)[], value: unknown): unknown {
  if (path.length === 0) return value;
  let node = root as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) {
    if (node[key] === null || typeof node[key] !== 'object') node[key] = {};
    node = node[key] as Record<string | number, unknown>;
  }
  node[path[path.length - 1]!] = value;
  return root;
}

function deleteAt(root: unknown, path: (string | number)[]): void {
  const parent = getAt(root, path.slice(0, -1));
  if (parent && typeof parent === 'object') delete (parent as Record<string | number, unknown>)[path[path.length - 1]!];
}

/** Sets a value at a target: a body field, a query parameter (replacing every occurrence) or a path parameter. */
function put(req: FuzzRequest, target: Target, value: unknown): void {
  if (target.in === 'body') {
    if (req.body?.kind !== 'json') req.body = { kind: 'json', value: {} };
    req.body.value = setAt(req.body.value, target.path, value);
  } else if (target.in === 'query') {
    const text = value instanceof Raw ? value : typeof value === 'string' ? value : toJson(value);
    const i = req.query.findIndex(([k]) => k === target.name);
    req.query = req.query.filter(([k], j) => k !== target.name || j === i);
    if (i >= 0) req.query[req.query.findIndex(([k]) => k === target.name)]![1] = text;
    else req.query.push([target.name, text]);
  } else if (target.in === 'path') {
    req.path[target.name] = value instanceof Raw ? value : typeof value === 'string' ? value : toJson(value);
  }
}

const str = (v: unknown, fallback = 'fuzz') => (typeof v === 'string' && v.length ? v : fallback);
/** A variant that sets one value; a function is called only when the variant is used (big values are built lazily). */
const setVariant = (label: string, target: Target, value: unknown): Variant => ({
  label,
  apply: (req) => put(req, target, typeof value === 'function' ? (value as () => unknown)() : value),
});

function repeatTo(pattern: string, length: number): string {
  return pattern.repeat(Math.ceil(length / pattern.length)).slice(0, length);
}

function short(text: string, max = 60): string {
  const shown = JSON.stringify(text.length > max ? `${text.slice(0, max)}…` : text);
  return text.length > max ? `${shown} (${text.length} chars)` : shown;
}

/** Big constant payloads are built once per run. */
const memo = new Map<string, unknown>();
function once<T>(key: string, make: () => T): T {
  if (!memo.has(key)) memo.set(key, make());
  return memo.get(key) as T;
}

/** A JSON value nested `depth` levels deep, as text: building it as an object would overflow this process's stack. */
function nested(depth: number, kind: 'array' | 'object'): Raw {
  return once(`nested:${depth}:${kind}`, () =>
    kind === 'array' ? new Raw('['.repeat(depth) + ']'.repeat(depth)) : new Raw('{"a":'.repeat(depth) + '0' + '}'.repeat(depth)),
  );
}

const b64u = (text: string | Buffer) => Buffer.from(text).toString('base64url');

// ── baseline ────────────────────────────────────────────────────────────────────────────────

function fromSchema(op: Operation, schema: Schema, path: (string | number)[], ctx: BuildContext, fixtures: Fixtures): unknown {
  const hinted = fixtures.bodyValue(op, path, ctx);
  if (hinted) return hinted.value;
  const type = typeOf(schema);
  if (schema.enum?.length) return schema.enum[0];
  if (type === 'object') {
    const out: Record<string, unknown> = {};
    for (const [name, child] of Object.entries(schema.properties ?? {})) {
      const value = fromSchema(op, child, [...path, name], ctx, fixtures);
      if (value !== undefined) out[name] = value;
    }
    return out;
  }
  if (type === 'array') return [fromSchema(op, schema.items ?? { type: 'string' }, [...path, 0], ctx, fixtures)];
  if (type === 'integer' || type === 'number') {
    const v = schema.default ?? schema.example ?? schema.minimum ?? 1;
    return typeof v === 'number' ? v : 1;
  }
  if (type === 'boolean') return true;
  if (typeof schema.example === 'string') return schema.example;
  if (schema.pattern === '^[a-z0-9]+(-[a-z0-9]+)*$') return `fuzz-${ctx.seed.toString(36)}-${ctx.index}`;
  const text = `Fuzz ${lastName(path) || 'value'} ${ctx.index}`;
  return repeatTo(text, Math.max(schema.minLength ?? 0, Math.min(text.length, schema.maxLength ?? text.length)));
}

/** The valid request this case mutates. */
export function baseline(op: Operation, ctx: BuildContext, fixtures: Fixtures): FuzzRequest {
  const path: Record<string, string> = {};
  for (const p of pathParams(op)) path[p.name] = fixtures.pathValue(op, p.name) ?? `fuzz-${p.name}`;
  const query: [string, string][] = [];
  for (const p of queryParams(op)) {
    if (p.name === 'cursor') continue;
    const value =
      fixtures.queryValue(op, p.name) ??
      (p.schema.enum?.length ? String(p.schema.enum[0]) : p.schema.example !== undefined ? String(p.schema.example) : undefined);
    if (value !== undefined) query.push([p.name, value]);
    else if (p.required) query.push([p.name, 'fuzz']);
  }
  const harvested = queryParams(op).some((p) => p.name === 'cursor') ? fixtures.cursor(op, ctx.persona) : undefined;
  if (harvested) query.push(['cursor', harvested.cursor]);
  const headers: Record<string, string> = {
    'x-request-id': requestIdFor(ctx.seed, ctx.index),
    // TRUST_PROXY is on: each case is another client, so per-address limits do not end the run early.
    'x-forwarded-for': `10.${ctx.rng.int(256)}.${ctx.rng.int(256)}.${1 + ctx.rng.int(254)}`,
  };
  if (ctx.creds) headers.authorization = `Bearer ${ctx.creds.accessToken}`;
  const req: FuzzRequest = { method: op.method, pathTemplate: op.path, path, query, headers };
  if (op.body?.contentType === 'application/json') {
    req.body = { kind: 'json', value: fromSchema(op, op.body.schema, [], ctx, fixtures) };
  } else if (op.body?.contentType === 'multipart/form-data') {
    const parts: MultipartPart[] = Object.entries(op.body.schema.properties ?? {}).map(([name, s]) =>
      s.format === 'binary' ? { name, filename: 'fuzz.png', contentType: 'image/png', data: fixtures.image } : { name, data: 'fuzz' },
    );
    req.body = { kind: 'multipart', parts };
  }
  return req;
}

export const requestIdFor = (seed: number, index: number) => `fuzz-${seed.toString(16)}-${index}`;

// ── mutation classes ────────────────────────────────────────────────────────────────────────

const stringTargets = (op: Operation): Target[] => [
  ...bodyFields(op)
    .filter((f) => typeOf(f.schema) === 'string' && !f.schema.enum)
    .map((f): Target => ({ in: 'body', path: f.path, schema: f.schema })),
  ...queryParams(op)
    .filter((p) => typeOf(p.schema) === 'string' && !p.schema.enum)
    .map((p): Target => ({ in: 'query', name: p.name, schema: p.schema })),
  ...pathParams(op).map((p): Target => ({ in: 'path', name: p.name, schema: p.schema })),
];

const numberTargets = (op: Operation): Target[] => [
  ...bodyFields(op)
    .filter((f) => ['integer', 'number'].includes(typeOf(f.schema) ?? ''))
    .map((f): Target => ({ in: 'body', path: f.path, schema: f.schema })),
  ...queryParams(op)
    .filter((p) => ['integer', 'number'].includes(typeOf(p.schema) ?? ''))
    .map((p): Target => ({ in: 'query', name: p.name, schema: p.schema })),
];

const MARKUP = ['_a', '> ', '*a', '[a](', '<!--', '`', '\\', '\n', '# ', '- ', '|', '&#', 'é', '🙂'];

const CLASSES: MutationClass[] = [
  {
    name: 'missing-field',
    targets: (op) => [
      ...bodyFields(op)
        .filter((f) => typeof f.path[f.path.length - 1] === 'string')
        .map((f): Target => ({ in: 'body', path: f.path, schema: f.schema })),
      ...queryParams(op).map((p): Target => ({ in: 'query', name: p.name, schema: p.schema })),
      ...(op.body?.contentType === 'multipart/form-data' ? [{ in: 'request' } as Target] : []),
    ],
    variants: (t) => [
      {
        label: 'removed',
        apply: (req) => {
          if (t.in === 'body' && req.body?.kind === 'json') deleteAt(req.body.value, t.path);
          else if (t.in === 'query') req.query = req.query.filter(([k]) => k !== t.name);
          else if (t.in === 'request' && req.body?.kind === 'multipart') req.body.parts = [];
        },
      },
    ],
  },
  {
    name: 'unknown-field',
    targets: (op) => [
      ...(isJsonBody(op) ? [{ in: 'body', path: [], schema: op.body!.schema } as Target] : []),
      ...bodyFields(op)
        .filter((f) => typeOf(f.schema) === 'object')
        .map((f): Target => ({ in: 'body', path: f.path, schema: f.schema })),
      { in: 'query', name: '*', schema: { type: 'string' } },
    ],
    variants: (t) =>
      ['unexpected', '__proto__', 'constructor', 'isPlatformAdmin', 'role', 'userId', 'organisationId', 'id', '$where', ''].map((name) => ({
        label: `adds ${JSON.stringify(name)}`,
        apply: (req: FuzzRequest) => {
          if (t.in === 'query') {
            req.query.push([name === '' ? 'x' : name, name === '__proto__' ? 'polluted' : 'true']);
            return;
          }
          if (t.in !== 'body') return;
          if (req.body?.kind !== 'json') req.body = { kind: 'json', value: {} };
          let holder = getAt(req.body.value, (t as { path: (string | number)[] }).path);
          if (!holder || typeof holder !== 'object' || Array.isArray(holder)) {
            holder = {};
            req.body.value = setAt(req.body.value, (t as { path: (string | number)[] }).path, holder);
          }
          // An own "__proto__" key, as JSON.parse makes it; plain assignment would set the prototype.
          Object.defineProperty(holder, name, {
            value: name === '__proto__' ? { isPlatformAdmin: true, polluted: true } : true,
            enumerable: true,
            configurable: true,
            writable: true,
          });
        },
      })),
  },
  {
    name: 'wrong-type',
    targets: (op) => [
      ...bodyFields(op).map((f): Target => ({ in: 'body', path: f.path, schema: f.schema })),
      ...numberTargets(op).filter((t) => t.in === 'query'),
    ],
    variants: (t) => {
      if (t.in === 'query') {
        return ['abc', '', '1.5', ' 1', '0x10', '1e2', 'Infinity', 'NaN', 'true', '[]', '{}', '１'].map((v) => setVariant(`= ${short(v)}`, t, v));
      }
      const type = t.in === 'body' ? typeOf(t.schema) : 'string';
      const values: unknown[] =
        type === 'string'
          ? [123, -1, 1.5, true, false, null, [], {}, ['x'], { x: 'y' }]
          : type === 'integer' || type === 'number'
            ? ['12', 'abc', '', true, null, [], {}, [1], 1.5, { $gt: 0 }]
            : type === 'boolean'
              ? ['true', 1, 0, null, [], {}, 'yes']
              : type === 'array'
                ? ['x', 1, null, {}, { 0: 'x', length: 1 }, true, [[]], [null], [1], [{}]]
                : ['x', 1, null, [], true, [{}], 0, '', false, -1];
      return values.map((v) => setVariant(`= ${short(JSON.stringify(v))}`, t, v));
    },
  },
  {
    name: 'huge-string',
    targets: stringTargets,
    variants: (t) => {
      const max = t.in === 'body' || t.in === 'query' || t.in === 'path' ? t.schema.maxLength : undefined;
      if (t.in === 'body') {
        const limit = max ?? 100_000;
        return [
          setVariant(`"a"×${limit + 1} (one over the limit)`, t, () => 'a'.repeat(limit + 1)),
          ...MARKUP.map((p) => setVariant(`${JSON.stringify(p)} repeated to ${limit} chars`, t, () => once(`repeat:${p}:${limit}`, () => repeatTo(p, limit)))),
          setVariant('"a"×1,100,000 (body over 1 MB)', t, () => once('a-1.1m', () => 'a'.repeat(1_100_000))),
        ];
      }
      // URLs stay under Node's 16 KiB limit for the request head (encoded: up to 12 bytes a character).
      const limit = Math.min(max ?? 4_000, 4_000);
      return [
        setVariant(`"a"×${limit + 1}`, t, 'a'.repeat(limit + 1)),
        setVariant('"a"×8,000', t, 'a'.repeat(8_000)),
        ...['_a', '%', 'é', '🙂', '-', ' '].map((p) => setVariant(`${JSON.stringify(p)} repeated to 1,000 chars`, t, repeatTo(p, 1_000))),
      ];
    },
  },
  {
    name: 'lone-surrogate',
    targets: stringTargets,
    variants: (t, ctx) => {
      const b = str(ctx.current);
      const at = b.indexOf('@');
      return [
        ['"\\ud800"', '\ud800'],
        ['value + "\\ud800"', `${b}\ud800`],
        ['"\\udfff" + value', `\udfff${b}`],
        ['"\\udc00\\ud800" (reversed pair)', '\udc00\ud800'],
        ['half an emoji inside', `${b.slice(0, 1)}\ud83d${b.slice(1)}`],
        ['"\\ud800" before "@"', at > 0 ? `${b.slice(0, at)}\ud800${b.slice(at)}` : `x\ud800@example.org`],
      ].map(([label, v]) => setVariant(label!, t, v));
    },
  },
  {
    name: 'nul-byte',
    targets: stringTargets,
    variants: (t, ctx) => {
      const b = str(ctx.current);
      const mid = Math.floor(b.length / 2);
      return [
        ['"\\u0000"', '\u0000'],
        ['value + "\\u0000"', `${b}\u0000`],
        ['"\\u0000" + value', `\u0000${b}`],
        ['"\\u0000" inside', `${b.slice(0, mid)}\u0000${b.slice(mid)}`],
        ['"\\u0000"×64', '\u0000'.repeat(64)],
        ['control characters \\u0001-\\u001f', Array.from({ length: 31 }, (_v, i) => String.fromCharCode(i + 1)).join('')],
      ].map(([label, v]) => setVariant(label!, t, v));
    },
  },
  {
    name: 'edge-strings',
    targets: stringTargets,
    variants: (t, ctx) => {
      const b = str(ctx.current);
      return (
        [
          ['empty', ''],
          ['spaces only', '   '],
          ['padded with spaces', ` ${b} `],
          ['right-to-left override', `\u202e${b}`],
          ['zero-width space', `${b}\u200b`],
          ['40 combining accents', `e${'\u0301'.repeat(40)}`],
          ['family emoji (ZWJ sequence)', '👩‍👩‍👧‍👦'],
          ['fullwidth letters', 'ＡＢＣ１２３'],
          ['byte order mark first', `\ufeff${b}`],
          ['"İ" (changes length when lower-cased)', `İ${b}`],
          ['line and paragraph separators', `${b}\u2028\u2029`],
          ['CRLF and a header', `${b}\r\nX-Injected: 1`],
          ['U+10FFFF and U+FFFE', '\u{10FFFF}\ufffe'],
          ['SQL quote', `${b}' OR '1'='1`],
          ['template syntax', '${7*7}{{7*7}}<%= 7*7 %>'],
          ['HTML', '<script>alert(1)</script><img src=x onerror=alert(1)>'],
          ['upper case', b.toUpperCase()],
          ['NFD-decomposed', 'Åström'.normalize('NFD')],
          ['percent escapes', '%00%2e%2e%2f%ff'],
          ['backslashes and quotes', '\\"\\\'\\\\'],
        ] as const
      ).map(([label, v]) => setVariant(label, t, v));
    },
  },
  {
    name: 'number-boundary',
    targets: numberTargets,
    variants: (t) => {
      const s = t.in === 'body' || t.in === 'query' ? t.schema : {};
      const min = s.minimum;
      const max = s.maximum;
      if (t.in === 'query') {
        return [
          ...(min !== undefined ? [String(min - 1), String(min)] : []),
          ...(max !== undefined ? [String(max), String(max + 1)] : []),
          '-1',
          '0',
          '-0',
          '0.5',
          '1e999',
          '-1e999',
          '99999999999999999999',
          '2147483648',
          '-9223372036854775809',
          '1e-400',
          '00001',
        ].map((v) => setVariant(`= ${v}`, t, v));
      }
      return [
        ...(min !== undefined ? [[`minimum - 1 (${min - 1})`, min - 1] as const, [`minimum (${min})`, min] as const] : []),
        ...(max !== undefined ? [[`maximum (${max})`, max] as const, [`maximum + 1 (${max + 1})`, max + 1] as const] : []),
        ['-1', -1],
        ['0', 0],
        ['-0', new Raw('-0')],
        ['1.5', 1.5],
        ['1e308', 1e308],
        ['1e999 (Infinity when parsed)', new Raw('1e999')],
        ['-1e999', new Raw('-1e999')],
        ['2^31', 2 ** 31],
        ['2^53 + 2', 2 ** 53 + 2],
        ['-2^63', -(2 ** 63)],
        ['1e-400 (0 when parsed)', new Raw('1e-400')],
        ['100000000000000000000000', new Raw('100000000000000000000000')],
      ].map(([label, v]) => setVariant(String(label), t, v));
    },
  },
  {
    name: 'deep-nesting',
    targets: (op) => [
      { in: 'request' },
      ...bodyFields(op)
        .filter((f) => typeof f.path[f.path.length - 1] === 'string')
        .map((f): Target => ({ in: 'body', path: f.path, schema: f.schema })),
    ],
    variants: (t) =>
      (
        [
          [1_000, 'array'],
          [5_000, 'object'],
          [5_000, 'array'],
          [100_000, 'object'],
          [400_000, 'array'],
          [20_000, 'array'],
        ] as const
      ).map(([depth, kind]) => ({
        label: `${kind}s nested ${depth.toLocaleString('en')} deep`,
        apply: (req: FuzzRequest) => {
          if (t.in === 'request') req.body = { kind: 'json', value: nested(depth, kind) };
          else put(req, t, nested(depth, kind));
        },
      })),
  },
  {
    name: 'array-shape',
    targets: (op) =>
      bodyFields(op)
        .filter((f) => typeOf(f.schema) === 'array')
        .map((f): Target => ({ in: 'body', path: f.path, schema: f.schema })),
    variants: (t, ctx) => {
      const arr = Array.isArray(ctx.current) ? (ctx.current as unknown[]) : [];
      const item = arr[0] ?? 'x';
      const maxItems = t.in === 'body' ? t.schema.maxItems : undefined;
      return (
        [
          ['empty', []],
          ...(maxItems !== undefined ? [[`maxItems + 1 (${maxItems + 1}) items`, () => Array(maxItems + 1).fill(item)] as const] : []),
          ['10,000 items', () => Array(10_000).fill(item)],
          ['100,000 numbers', () => Array(100_000).fill(1)],
          ['[null]', [null]],
          ['the same item twice', [item, item]],
          ['an array of arrays', [[item]]],
          ['[{}]', [{}]],
          ['mixed types', [item, 1, true, null, {}]],
        ] as const
      ).map(([label, v]) => setVariant(label, t, v));
    },
  },
  {
    name: 'enum',
    targets: (op) => [
      ...bodyFields(op)
        .filter((f) => f.schema.enum?.length)
        .map((f): Target => ({ in: 'body', path: f.path, schema: f.schema })),
      ...queryParams(op)
        .filter((p) => p.schema.enum?.length)
        .map((p): Target => ({ in: 'query', name: p.name, schema: p.schema })),
    ],
    variants: (t) => {
      const first = String((t.in === 'body' || t.in === 'query' ? t.schema.enum?.[0] : undefined) ?? 'x');
      return [
        ['upper case', first.toUpperCase()],
        ['leading space', ` ${first}`],
        ['trailing space', `${first} `],
        ['empty', ''],
        ['"admin"', 'admin'],
        ['"platform_admin"', 'platform_admin'],
        ['"owner"', 'owner'],
        ['with a NUL', `${first}\u0000`],
        ['Cyrillic lookalike', first.replace(/e/g, 'е').replace(/a/g, 'а')],
        ['two values joined', `${first},${first}`],
      ].map(([label, v]) => setVariant(label!, t, v));
    },
  },
  {
    name: 'bad-id',
    targets: (op) => [
      ...pathParams(op).map((p): Target => ({ in: 'path', name: p.name, schema: p.schema })),
      ...bodyFields(op)
        .filter((f) => ID_FIELD.test(lastName(f.path)) && typeOf(f.schema) === 'string')
        .map((f): Target => ({ in: 'body', path: f.path, schema: f.schema })),
      ...queryParams(op)
        .filter((p) => p.name !== 'cursor' && ID_FIELD.test(p.name))
        .map((p): Target => ({ in: 'query', name: p.name, schema: p.schema })),
    ],
    variants: (t, ctx) => {
      const b = str(ctx.current);
      return (
        [
          ['nil UUID', '00000000-0000-0000-0000-000000000000'],
          ['a UUID that exists nowhere', ctx.rng.uuid()],
          ['36 dashes', '-'.repeat(36)],
          ['max UUID', 'ffffffff-ffff-ffff-ffff-ffffffffffff'],
          ['UUID-shaped, not hex', 'zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz'],
          ['upper case', b.toUpperCase()],
          ['one character more', `${b}x`],
          ['one character less', b.slice(0, -1)],
          ['in braces', `{${b}}`],
          ['without dashes', b.replace(/-/g, '')],
          ['"0"', '0'],
          ['"-1"', '-1'],
          ['"null"', 'null'],
          ['"undefined"', 'undefined'],
          ['SQL', "1' OR '1'='1"],
          ['1,000 characters', 'a'.repeat(1_000)],
          ['emoji', '😀'],
          ['double dash', 'a--b'],
          ['underscore', 'a_b'],
          ['surrounded by spaces', ` ${b} `],
          ['another persona-sized id: 12 digits', '123456789012'],
        ] as const
      ).map(([label, v]) => setVariant(label, t, v));
    },
  },
  {
    name: 'bad-cursor',
    targets: (op) =>
      queryParams(op)
        .filter((p) => p.name === 'cursor')
        .map((p): Target => ({ in: 'query', name: p.name, schema: p.schema })),
    variants: (t, ctx) => {
      const harvested = ctx.fixtures.cursor(ctx.op, ctx.persona) ?? ctx.fixtures.anyCursor(ctx.op, ctx.persona);
      let key: unknown[] = ['2024-01-01 00:00:00.000000+00', ctx.rng.uuid()];
      if (harvested) {
        try {
          const decoded = JSON.parse(Buffer.from(harvested.cursor, 'base64url').toString('utf8')) as unknown;
          if (Array.isArray(decoded)) key = decoded;
        } catch {
          // not JSON: keep the generic key
        }
      }
      const useQuery = (req: FuzzRequest) => {
        // A cursor is valid only for the query it came from: mutate it on that query.
        if (harvested) req.query = [...harvested.query.filter(([k]) => k !== 'cursor'), ...req.query.filter(([k]) => k === 'cursor')];
      };
      const withKey = (label: string, k: unknown[]): Variant => ({
        label,
        apply: (req) => {
          useQuery(req);
          put(req, t, b64u(toJson(k)));
        },
      });
      const text = (label: string, v: string | Raw): Variant => ({
        label,
        apply: (req) => {
          useQuery(req);
          put(req, t, v);
        },
      });
      // Each element of the real key gets the values that break its kind: timestamps that
      // Date.parse accepts and PostgreSQL does not, id-shaped strings that are not UUIDs, text
      // with NUL and lone surrogates, and values of other types.
      const forKind = (value: unknown): [string, unknown][] => {
        const common: [string, unknown][] = [
          ['null', null],
          ['[]', []],
          ['1e308', 1e308],
        ];
        if (typeof value === 'number') return [['-1', -1], ['a string', 'x'], ['1.5', 1.5], ...common];
        if (typeof value === 'string' && !Number.isNaN(Date.parse(value)) && /\d{4}-\d\d/.test(value)) {
          return [
            ['"0000-01-01T00:00:00Z"', '0000-01-01T00:00:00Z'],
            ['"2020-13-45 99:99:99+00"', '2020-13-45 99:99:99+00'],
            ['"+275760-09-13T00:00:00.000Z"', '+275760-09-13T00:00:00.000Z'],
            ['"infinity"', 'infinity'],
            ['a NUL inside', `${value}\u0000`],
            ...common,
          ];
        }
        if (typeof value === 'string' && /^[0-9a-f-]{36}$/i.test(value)) {
          return [
            ['36 dashes', '-'.repeat(36)],
            ['UUID-shaped, not hex', 'zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz'],
            ['nil UUID', '00000000-0000-0000-0000-000000000000'],
            ['a NUL inside', `${value.slice(0, 35)}\u0000`],
            ...common,
          ];
        }
        return [
          ['a NUL inside', `${String(value)}\u0000x`],
          ['a lone surrogate', `${String(value)}\ud800`],
          ['300 characters', 'a'.repeat(300)],
          ['"Not A Slug"', 'Not A Slug'],
          ['a number', 1],
          ...common,
        ];
      };
      const variants: Variant[] = [
        text('not base64url', 'not base64!!'),
        text('empty', ''),
        text('"%" (bad escape)', new Raw('%')),
        text('base64 "null"', b64u('null')),
        text('base64 "{}"', b64u('{}')),
        text('base64 of invalid UTF-8', b64u(Buffer.from([0x5b, 0x22, 0xff, 0xfe, 0x22, 0x5d]))),
        text('real cursor with one character more', `${harvested?.cursor ?? b64u(toJson(key))}A`),
        withKey('one key element fewer', key.slice(0, -1)),
        withKey('one key element more', [...key, 'x']),
      ];
      for (let pos = 0; pos < key.length; pos++) {
        for (const [label, value] of forKind(key[pos])) {
          const k = [...key];
          k[pos] = value;
          variants.push(withKey(`key[${pos}] = ${label}`, k));
        }
      }
      return variants;
    },
  },
  {
    name: 'traversal',
    targets: (op) => pathParams(op).map((p): Target => ({ in: 'path', name: p.name, schema: p.schema })),
    variants: (t, ctx) => {
      const b = str(ctx.current);
      return [
        '..',
        '.',
        '../../../../etc/passwd',
        '..%2f..%2f..%2fetc%2fpasswd',
        '%2e%2e',
        '%2e%2e%2f%2e%2e%2fetc%2fpasswd',
        '..%5c..%5cwindows%5cwin.ini',
        '....//....//etc/passwd',
        '%252e%252e%252f',
        '%c0%ae%c0%ae%2f',
        `${b}%00.png`,
        `${b}/..`,
        `${b}%2f..`,
        '%2F',
        `${b}/`,
        `${b};x=1`,
        '..;',
        '%',
        '%zz',
        `${b}%ff`,
      ].map((v) => setVariant(v, t, new Raw(v)));
    },
  },
  {
    name: 'param-pollution',
    targets: (op) => queryParams(op).map((p): Target => ({ in: 'query', name: p.name, schema: p.schema })),
    variants: (t, ctx) => {
      const name = t.in === 'query' ? t.name : 'x';
      const v = str(ctx.current, '1');
      const edit = (label: string, f: (q: FuzzRequest['query']) => FuzzRequest['query']): Variant => ({
        label,
        apply: (req) => (req.query = f(req.query.filter(([k]) => k !== name))),
      });
      return [
        edit('given twice', (q) => [...q, [name, v], [name, v]]),
        edit('given twice, different values', (q) => [...q, [name, v], [name, `${v}0`]]),
        edit('as name[]', (q) => [...q, [`${name}[]`, v]]),
        edit('as name[x]', (q) => [...q, [`${name}[x]`, v]]),
        edit('empty value', (q) => [...q, [name, '']]),
        edit('no "="', (q) => [...q, [name, null]]),
        edit('value "%" (bad escape)', (q) => [...q, [name, new Raw('%')]]),
        edit('value "%E0%A4%A" (cut UTF-8)', (q) => [...q, [name, new Raw('%E0%A4%A')]]),
        edit('value with "+" spaces', (q) => [...q, [name, new Raw(`+${encodeURIComponent(v)}+`)]]),
        edit('given 200 times', (q) => [...q, ...Array.from({ length: 200 }, (): [string, string] => [name, v])]),
        edit('upper-case name', (q) => [...q, [name.toUpperCase(), v]]),
        edit('name with a NUL', (q) => [...q, [new Raw(`${name}%00`), v]]),
      ];
    },
  },
  {
    name: 'body-shape',
    targets: () => [{ in: 'request' }],
    variants: (_t, ctx) => {
      const json = (
        label: string,
        content: string | Buffer | (() => string | Buffer),
        contentType = 'application/json',
        extra: Record<string, string> = {},
      ): Variant => ({
        label,
        apply: (req) => {
          const text = typeof content === 'function' ? content() : content;
          req.body = { kind: 'bytes', bytes: Buffer.isBuffer(text) ? text : Buffer.from(text, 'utf8'), contentType };
          Object.assign(req.headers, extra);
        },
      });
      const base = toJson(ctx.current ?? {});
      const firstKey = ctx.current && typeof ctx.current === 'object' ? Object.keys(ctx.current)[0] : undefined;
      const form =
        ctx.current && typeof ctx.current === 'object' && !Array.isArray(ctx.current)
          ? Object.entries(ctx.current as Record<string, unknown>)
              .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(typeof v === 'string' ? v : JSON.stringify(v))}`)
              .join('&')
          : 'a=1';
      return [
        json('root is an array', '[]'),
        json('root is a string', '"x"'),
        json('root is a number', '1'),
        json('root is null', 'null'),
        json('empty body, JSON type', ''),
        json('cut short', base.slice(0, Math.max(1, base.length - 1))),
        json('trailing comma', '{"a":1,}'),
        json('single quotes', "{'a':1}"),
        json('garbage after the JSON', `${base}garbage`),
        json(
          'duplicate key with an operator object',
          firstKey ? `{${JSON.stringify(firstKey)}:"x",${base.slice(1, -1)},${JSON.stringify(firstKey)}:{"$gt":""}}` : '{"a":1,"a":{"$gt":""}}',
        ),
        json('byte order mark first', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(base)])),
        json('invalid UTF-8 in a string', Buffer.concat([Buffer.from('{"x":"'), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from('"}')])),
        json('1.1 MB of JSON', () => `${base.slice(0, -1)}${base.length > 2 ? ',' : ''}"pad":"${'a'.repeat(1_100_000)}"}`),
        json('20,000 unknown keys', () => once('20k-keys', () => `{${Array.from({ length: 20_000 }, (_v, i) => `"k${i}":0`).join(',')}}`)),
        json('a 100,000-character key', () => `{"${'k'.repeat(100_000)}":1}`),
        json('the JSON as text/plain', base, 'text/plain'),
        json('the fields form-encoded', form, 'application/x-www-form-urlencoded'),
        json('form-encoded, 2,000 parameters', () => Array.from({ length: 2_000 }, (_v, i) => `a${i}=1`).join('&'), 'application/x-www-form-urlencoded'),
        json('form-encoded, bracket keys', 'a[b][c]=1&a[]=2&__proto__[x]=1', 'application/x-www-form-urlencoded'),
        json('charset=utf-16', base, 'application/json; charset=utf-16'),
        json('charset=latin1', base, 'application/json; charset=latin1'),
        json('charset=nonsense', base, 'application/json; charset=nonsense'),
        json('gzip that is not gzip', 'not gzip at all', 'application/json', { 'content-encoding': 'gzip' }),
        json('gzip of 3 MB of spaces', () => once('gzip-3mb', () => gzipSync(Buffer.alloc(3_000_000, 0x20))), 'application/json', {
          'content-encoding': 'gzip',
        }),
        json('content-encoding "compress"', base, 'application/json', { 'content-encoding': 'compress' }),
        json('multipart without a boundary', base, 'multipart/form-data'),
        json('merge-patch JSON type', base, 'application/merge-patch+json'),
        json('no content type', base, ''),
      ].map((v) => ({
        label: v.label,
        apply: (req: FuzzRequest, c: ApplyContext) => {
          v.apply(req, c);
          if (req.body?.kind === 'bytes' && req.body.contentType === '') req.body.contentType = undefined;
        },
      }));
    },
  },
  {
    name: 'bad-auth',
    targets: () => [{ in: 'request' }],
    variants: (_t, ctx) => {
      const token = ctx.creds?.accessToken ?? 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.x';
      const [, payload = '', signature = ''] = token.split('.');
      const header = (label: string, headers: Record<string, string>, drop = false): Variant => ({
        label,
        apply: (req) => {
          if (drop) delete req.headers.authorization;
          Object.assign(req.headers, headers);
        },
      });
      const claims = (() => {
        try {
          return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
        } catch {
          return {};
        }
      })();
      return [
        header('"Bearer" alone', { authorization: 'Bearer' }),
        header('"Bearer " and nothing', { authorization: 'Bearer ' }),
        header('three dots', { authorization: 'Bearer x.y.z' }),
        header('token + "x"', { authorization: `Bearer ${token}x` }),
        header('alg "none"', { authorization: `Bearer ${b64u('{"alg":"none","typ":"JWT"}')}.${payload}.` }),
        header('another subject, same signature', {
          authorization: `Bearer ${b64u('{"alg":"HS256","typ":"JWT"}')}.${b64u(JSON.stringify({ ...claims, sub: ctx.rng.uuid() }))}.${signature}`,
        }),
        header('lower-case "bearer"', { authorization: `bearer ${token}` }),
        header('Basic credentials', { authorization: 'Basic Zm9vOmJhcg==' }),
        header('8,000-character token', { authorization: `Bearer ${'a'.repeat(8_000)}` }),
        header('two tokens', { authorization: `Bearer ${token}, Bearer ${token}` }),
        header('Latin-1 bytes', { authorization: 'Bearer \xff\xfe\xfd' }),
        header('garbage session cookie', { cookie: 'htmse_access=garbage; htmse_refresh=garbage; htmse_csrf=x' }),
        header('session cookie only, no CSRF token', { cookie: `htmse_access=${token}` }, true),
        header('session cookie and Basic credentials, no CSRF token', { cookie: `htmse_access=${token}`, authorization: 'Basic Zm9vOmJhcg==' }),
        header('session cookie, CSRF header without cookie', { cookie: `htmse_access=${token}`, 'x-csrf-token': 'x' }, true),
        header('malformed cookie header', { cookie: '=;;;htmse_access;=x; a=%zz' }),
      ];
    },
  },
  {
    name: 'odd-headers',
    targets: () => [{ in: 'request' }],
    variants: () => {
      const header = (label: string, headers: Record<string, string>): Variant => ({ label, apply: (req) => Object.assign(req.headers, headers) });
      return [
        header('X-Request-Id with a path', { 'x-request-id': '../../etc/passwd' }),
        header('X-Request-Id of 5,000 characters', { 'x-request-id': 'a'.repeat(5_000) }),
        header('X-Request-Id with Latin-1 bytes', { 'x-request-id': '\xff\xfe-fuzz-\xe9' }),
        header('X-Forwarded-For garbage', { 'x-forwarded-for': 'not an address' }),
        header('X-Forwarded-For "::::"', { 'x-forwarded-for': '::::' }),
        header('X-Forwarded-For out of range', { 'x-forwarded-for': '999.999.999.999' }),
        header('X-Forwarded-For with 100 hops', { 'x-forwarded-for': Array.from({ length: 100 }, (_v, i) => `10.0.0.${i}`).join(', ') }),
        header('Accept: application/xml', { accept: 'application/xml' }),
        header('Accept with a bad q', { accept: 'application/json;q=foo, */*;q=-1' }),
        header('X-HTTP-Method-Override: DELETE', { 'x-http-method-override': 'DELETE' }),
        header('Host of another site', { host: 'evil.example' }),
        header('Origin of another site', { origin: 'https://evil.example' }),
        header('Range past the end', { range: 'bytes=999999999-' }),
        header('If-None-Match: *', { 'if-none-match': '*' }),
        header('Accept-Language of 4,000 characters', { 'accept-language': 'x'.repeat(4_000) }),
        header('Accept-Encoding with a bad q', { 'accept-encoding': 'gzip;q=abc, br;q=2' }),
      ];
    },
  },
  {
    name: 'upload',
    targets: (op) => (op.body?.contentType === 'multipart/form-data' ? [{ in: 'request' }] : []),
    variants: (_t, ctx) => {
      const png = ctx.fixtures.image;
      const parts = (label: string, p: MultipartPart[], extra: Partial<Extract<FuzzRequest['body'], { kind: 'multipart' }>> = {}): Variant => ({
        label,
        apply: (req) => (req.body = { kind: 'multipart', parts: p, ...extra }),
      });
      const file = (data: Buffer | string, filename = 'fuzz.png', contentType = 'image/png'): MultipartPart => ({ name: 'file', filename, contentType, data });
      return [
        parts('no parts', []),
        parts('file under another field name', [{ ...file(png), name: 'image' }]),
        parts('two files', [file(png), file(png)]),
        parts('a text field too', [file(png), { name: 'alt', data: 'x' }]),
        parts('empty file', [file(Buffer.alloc(0))]),
        parts('text claiming to be PNG', [file('hello, not an image')]),
        parts('PNG signature then garbage', [file(Buffer.concat([png.subarray(0, 8), Buffer.alloc(64, 0xff)]))]),
        parts('SVG with a script', [file('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', 'x.svg', 'image/svg+xml')]),
        parts('HTML named .png', [file('<html><script>alert(1)</script></html>', 'x.png', 'image/png')]),
        parts('GIF bytes named .png, typed JPEG', [file(Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1'), 'x.png', 'image/jpeg')]),
        {
          label: '2 MB + 1 byte',
          apply: (req) => (req.body = { kind: 'multipart', parts: [file(Buffer.concat([png, Buffer.alloc(2 * 1024 * 1024 + 1 - png.length)]))] }),
        },
        parts('file name with traversal', [file(png, '../../../../tmp/fuzz.png')]),
        parts('file name of 5,000 characters', [file(png, `${'a'.repeat(5_000)}.png`)]),
        parts('file name with a lone surrogate and NUL (raw bytes)', [file(png, 'a\xed\xa0\x80\x00.png')]),
        parts('boundary does not match', [file(png)], { contentType: 'multipart/form-data; boundary=something-else' }),
        parts('no closing boundary', [file(png)], { truncate: true }),
        parts('empty boundary parameter', [file(png)], { contentType: 'multipart/form-data; boundary=' }),
        parts('base64 transfer encoding', [{ ...file(png.toString('base64')), extraHeaders: ['Content-Transfer-Encoding: base64'] }]),
        parts(
          '1,000 empty parts',
          Array.from({ length: 1_000 }, () => ({ name: 'x', data: '' })),
        ),
        {
          label: 'JSON instead of multipart',
          apply: (req) => (req.body = { kind: 'json', value: { file: png.toString('base64') } }),
        },
      ];
    },
  },
];

export const CLASS_NAMES = ['valid', ...CLASSES.map((c) => c.name)];

/**
 * How often a class comes up for an operation, relative to the others that apply: more for the
 * classes with many distinct variants that each reach different code (cursors, ids, the
 * character classes that break drivers), less for those whose variants mostly hit one parser.
 */
const CLASS_WEIGHT: Record<string, number> = {
  'bad-cursor': 8,
  upload: 4,
  'nul-byte': 3,
  'lone-surrogate': 3,
  'bad-id': 3,
  'edge-strings': 2,
  'huge-string': 2,
  'wrong-type': 2,
  'number-boundary': 2,
  traversal: 2,
  'body-shape': 2,
};

export function targetsOf(op: Operation, klass: string): Target[] {
  const c = CLASSES.find((x) => x.name === klass);
  return c ? c.targets(op) : [{ in: 'request' }];
}

// ── generation ──────────────────────────────────────────────────────────────────────────────

/**
 * Every case of a run: for each operation (non-destructive first, then destructive) and persona,
 * one valid baseline and perPair - 1 mutations, cycling through the classes that apply to the
 * operation (each as often as its weight) in a seeded order; within a class, variants go
 * round-robin per operation from a seeded offset, so the personas of one operation meet
 * different variants rather than the same one four times.
 */
export function generateCases(operations: Operation[], seed: number, perPair: number): FuzzCase[] {
  const ordered = [...operations.filter((o) => !o.destructive), ...operations.filter((o) => o.destructive)];
  const cases: FuzzCase[] = [];
  const counters = new Map<string, number>();
  for (const op of ordered) {
    const applicable = CLASSES.filter((c) => c.targets(op).length > 0).flatMap((c) => Array<MutationClass>(CLASS_WEIGHT[c.name] ?? 1).fill(c));
    for (const persona of PERSONAS) {
      const r = rng(`${seed}|${op.key}|${persona}`);
      const order = r.shuffle(applicable);
      cases.push({ index: cases.length, op: op.key, persona, klass: 'valid', target: 0, pick: 0 });
      for (let k = 0; k < perPair - 1; k++) {
        const c = order[k % order.length]!;
        const counterKey = `${op.key}|${c.name}`;
        const n = counters.get(counterKey) ?? hash32(`${seed}|${counterKey}`) % 997;
        counters.set(counterKey, n + 1);
        cases.push({ index: cases.length, op: op.key, persona, klass: c.name, target: r.int(c.targets(op).length), pick: n });
      }
    }
  }
  return cases;
}

export interface BuiltCase {
  request: FuzzRequest;
  /** "body.email: value + "\ud800"" */
  mutation: string;
}

/** The request of one case: its baseline with its one mutation applied. */
export function buildCase(c: FuzzCase, op: Operation, fixtures: Fixtures, ctx: BuildContext): BuiltCase {
  const req = baseline(op, ctx, fixtures);
  if (c.klass === 'valid') return { request: req, mutation: 'none (valid baseline)' };
  const klass = CLASSES.find((x) => x.name === c.klass);
  if (!klass) throw new Error(`unknown mutation class ${c.klass}`);
  const target = klass.targets(op)[c.target]!;
  const current =
    target.in === 'body'
      ? structuredClone(getAt(req.body?.kind === 'json' ? req.body.value : undefined, target.path))
      : target.in === 'query'
        ? req.query.find(([k]) => k === target.name)?.[1]
        : target.in === 'path'
          ? req.path[target.name]
          : req.body?.kind === 'json'
            ? structuredClone(req.body.value)
            : undefined;
  const variants = klass.variants(target, { ...ctx, op, fixtures, current });
  const variant = variants[c.pick % variants.length]!;
  variant.apply(req, { ...ctx, op, fixtures, current });
  return { request: req, mutation: `${describeTarget(target)}: ${variant.label}` };
}

export { rng };
