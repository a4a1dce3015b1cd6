/**
 * Validates emulator responses against the official REST specs in ../shared
 * (Swagger 2.0, `#/definitions/...`). Stricter than the spec files on purpose:
 * - inheritance (`allOf`) is flattened and objects reject properties the spec does not declare,
 *   so a misspelt or invented field fails;
 * - members the spec types loosely because they are generic on the server (`format: T`,
 *   JToken, JObject, and a bare `type: object`, which is .NET `object`, e.g. a project
 *   property's value) accept anything, and the two types whose wire form is a dictionary
 *   (`ReferenceLinks` as `_links`, `PropertiesCollection`) are validated as objects.
 */
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LoggedRequest } from '../requestLog';

type Schema = Record<string, unknown>;

interface Operation {
  spec: string;
  method: string;
  path: string;
  operationId: string;
  segments: string[];
  responses: Record<string, { schema?: Schema }>;
}

const SPEC_FILES = ['core', 'git', 'build', 'extensionManagement', 'security', 'policy'];
const GENERIC_FORMATS = new Set(['T', 'JToken', 'JObject', 'JTokenType', 'TimeSpan', 'Char']);
const DICTIONARY_TYPES = new Set(['ReferenceLinks', 'PropertiesCollection']);

/** The service's error body (not described by the specs). */
const ERROR_SCHEMA: Schema = {
  type: 'object',
  required: ['$id', 'message', 'typeName', 'typeKey', 'errorCode', 'eventId'],
  properties: {
    $id: { type: 'string' }, innerException: { type: 'null' }, message: { type: 'string' }, typeName: { type: 'string' },
    typeKey: { type: 'string' }, errorCode: { type: 'integer' }, eventId: { type: 'integer' },
  },
  additionalProperties: false,
};

export interface ValidationResult {
  /** Spec operation (or definition) the body was checked against. */
  against: string;
  errors: string[];
}

export class SpecValidator {
  private readonly ajv = new Map<string, Ajv>();
  private readonly operations: Operation[] = [];
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(specDir: string) {
    for (const name of SPEC_FILES) {
      const text = readFileSync(join(specDir, `${name}-7.1.json`), 'utf8').replace(/^\uFEFF/, '');
      const spec = JSON.parse(text) as { definitions: Record<string, Schema>; paths: Record<string, Record<string, Schema>> };
      const ajv = new Ajv({ strict: false, allErrors: true });
      addFormats(ajv);
      ajv.addFormat('int16', { type: 'number', validate: (n: number) => Number.isInteger(n) && Math.abs(n) < 2 ** 15 });
      ajv.addSchema({ $id: name, definitions: strictDefinitions(spec.definitions) });
      this.ajv.set(name, ajv);
      for (const [path, ops] of Object.entries(spec.paths)) {
        for (const [method, op] of Object.entries(ops)) {
          if (method === 'parameters') continue;
          this.operations.push({
            spec: name, method: method.toUpperCase(), path, operationId: String(op.operationId),
            segments: path.split('/').filter(Boolean), responses: (op.responses ?? {}) as Operation['responses'],
          });
        }
      }
    }
  }

  /** The spec operation for a request path like `/{org}/{project}/_apis/git/...`. */
  operationFor(method: string, path: string): Operation | undefined {
    const actual = path.split('/').filter(Boolean);
    // The specs only document the project-scoped form of routes whose {project} is optional
    // in the service's route templates; the project-less form answers the same shapes.
    return this.match(method, actual) ?? this.match(method, [actual[0], '{project}', ...actual.slice(1)]);
  }

  private match(method: string, actual: string[]): Operation | undefined {
    const candidates = this.operations.filter((op) => op.method === method && op.segments.length === actual.length
      && op.segments.every((s, i) => isParam(s) || s.toLowerCase() === actual[i].toLowerCase()));
    // The most literal template wins (".../statuses" over ".../{statusId}").
    return candidates.sort((a, b) => literalCount(b) - literalCount(a))[0];
  }

  /** Checks a value against `#/definitions/{name}` of a spec. */
  validateDefinition(spec: string, name: string, value: unknown): ValidationResult {
    return this.check(spec, `${spec}#/definitions/${name}`, value, name);
  }

  /**
   * Checks what a logged standard-dialect response carried. Lists travel as `{count, value}`,
   * so array responses are checked item by item. Undefined when no spec operation covers it.
   */
  validateLogged(entry: LoggedRequest, schemaOverride?: { spec: string; definition: string }): ValidationResult | undefined {
    if (entry.responseBody === undefined) return undefined;
    if (entry.status >= 400) return this.checkSchema(ERROR_SCHEMA, entry.responseBody, 'service error body');
    if (schemaOverride) return this.validateDefinition(schemaOverride.spec, schemaOverride.definition, entry.responseBody);
    const op = this.operationFor(entry.method, entry.path);
    if (!op) return undefined;
    const schema = (op.responses[String(entry.status)] ?? op.responses['200'])?.schema;
    const against = `${op.spec} ${op.operationId}`;
    if (!schema) return { against, errors: [`the spec declares no body for ${entry.status}, the emulator sent one`] };
    if (schema.type === 'array') {
      const body = entry.responseBody as { count?: unknown; value?: unknown };
      if (!Array.isArray(body.value) || body.count !== body.value.length) {
        return { against, errors: ['a list must be sent as {count, value} with count = value.length'] };
      }
      const items = schema.items as Schema;
      const errors = body.value.flatMap((item, i) => this.checkRef(op.spec, items, item).map((e) => `[${i}]${e}`));
      return { against, errors };
    }
    return { against, errors: this.checkRef(op.spec, schema, entry.responseBody) };
  }

  private checkRef(spec: string, schema: Schema, value: unknown): string[] {
    const ref = typeof schema.$ref === 'string' ? schema.$ref : undefined;
    if (!ref) return this.checkSchema(schema, value, 'inline').errors;
    return this.check(spec, `${spec}${ref}`, value, ref).errors;
  }

  private check(spec: string, ref: string, value: unknown, label: string): ValidationResult {
    let validate = this.compiled.get(ref);
    if (!validate) {
      const ajv = this.ajv.get(spec);
      if (!ajv) throw new Error(`unknown spec ${spec}`);
      validate = ajv.compile({ $ref: ref });
      this.compiled.set(ref, validate);
    }
    validate(value);
    return { against: label, errors: (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`) };
  }

  private checkSchema(schema: Schema, value: unknown, label: string): ValidationResult {
    const ajv = this.ajv.get('core') as Ajv;
    const validate = ajv.compile(schema);
    validate(value);
    return { against: label, errors: (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`) };
  }
}

function isParam(segment: string): boolean {
  return segment.startsWith('{') && segment.endsWith('}');
}

function literalCount(op: Operation): number {
  return op.segments.filter((s) => !isParam(s)).length;
}

function strictDefinitions(definitions: Record<string, Schema>): Record<string, Schema> {
  const flat = new Map<string, Schema>();
  const flatten = (name: string): Schema => {
    const cached = flat.get(name);
    if (cached) return cached;
    const def = structuredClone(definitions[name]) ?? {};
    if (DICTIONARY_TYPES.has(name)) {
      const dictionary = { type: 'object', description: def.description };
      flat.set(name, dictionary);
      return dictionary;
    }
    let properties = (def.properties ?? {}) as Record<string, Schema>;
    for (const part of (def.allOf ?? []) as Schema[]) {
      const base = typeof part.$ref === 'string' ? flatten(part.$ref.split('/').pop() as string) : part;
      properties = { ...((base.properties ?? {}) as Record<string, Schema>), ...properties };
    }
    delete def.allOf;
    if (Object.keys(properties).length) {
      def.properties = Object.fromEntries(Object.entries(properties).map(([k, v]) => [k, loosenGeneric(v)]));
      def.type ??= 'object';
      def.additionalProperties ??= false;
    }
    flat.set(name, def);
    return def;
  };
  return Object.fromEntries(Object.keys(definitions).map((name) => [name, flatten(name)]));
}

function loosenGeneric(schema: Schema): Schema {
  if (typeof schema.format === 'string' && GENERIC_FORMATS.has(schema.format)) return { description: schema.description };
  if (schema.type === 'object' && !schema.properties && !schema.additionalProperties && !schema.$ref) return { description: schema.description };
  if (schema.type === 'array' && schema.items && typeof schema.items === 'object') return { ...schema, items: loosenGeneric(schema.items as Schema) };
  return schema;
}
