import type { ErrorObject, ValidateFunction } from 'ajv';
import type { Document, LineCounter } from 'yaml';

// yaml and ajv are loaded on first use: a scan with a pre-built rule bundle and no config
// file needs neither, and they cost more start-up time than the scan of a small tree.
type YamlModule = typeof import('yaml');
let yamlModule: YamlModule | undefined;
const yaml = (): YamlModule => (yamlModule ??= require('yaml') as YamlModule);

/** A user-facing problem in a YAML or JSON file: file, line, key path, what is wrong. */
export class FileProblemError extends Error {
  constructor(
    readonly file: string,
    readonly problems: { key: string; line?: number; message: string }[],
  ) {
    super(
      problems
        .map((p) => `${file}${p.line ? `:${p.line}` : ''}: ${p.key ? `${p.key}: ` : ''}${p.message}`)
        .join('\n'),
    );
    this.name = 'FileProblemError';
  }
}

export interface ParsedYaml {
  value: unknown;
  doc: Document;
  lines: LineCounter;
}

/** Parses YAML, turning syntax errors into a FileProblemError with line numbers. */
export function parseYamlFile(file: string, text: string): ParsedYaml {
  const lines = new (yaml().LineCounter)();
  const doc = yaml().parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length) {
    throw new FileProblemError(
      file,
      doc.errors.map((e) => ({
        key: '',
        line: lines.linePos(e.pos[0]).line,
        message: `YAML syntax error: ${e.message.split('\n')[0]}`,
      })),
    );
  }
  return { value: doc.toJS({ maxAliasCount: 100 }), doc, lines };
}

type AjvInstance = import('ajv').default;
let ajvInstance: AjvInstance | undefined;
const cache = new WeakMap<object, ValidateFunction>();

export function validator(schema: object): ValidateFunction {
  let v = cache.get(schema);
  if (!v) {
    if (!ajvInstance) {
      const Ajv = (require('ajv') as { default: new (opts: object) => AjvInstance }).default;
      // validateSchema off: checking a schema against JSON Schema's meta-schema means compiling
      // the meta-schema first, most of a config's cost at start-up (~35 ms), for schemas that are
      // ours and fixed; test/tasks/engine/text/yamlValidation.test.ts checks each of them instead.
      ajvInstance = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true, validateSchema: false });
    }
    v = ajvInstance.compile(schema);
    cache.set(schema, v);
  }
  return v;
}

/** Dotted key path for a JSON pointer: /customRules/0/id -> customRules[0].id */
export function keyPath(pointer: string, prefix: (string | number)[] = []): string {
  const parts = [...prefix.map(String), ...pointer.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))];
  let out = '';
  for (const p of parts) out += /^\d+$/.test(p) ? `[${p}]` : out ? `.${p}` : p;
  return out;
}

function pathSegments(pointer: string): (string | number)[] {
  return pointer
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

/** Line of the node at `segments`, falling back to the nearest parent that exists. */
export function lineOf(parsed: ParsedYaml | undefined, segments: (string | number)[]): number | undefined {
  if (!parsed) return undefined;
  for (let n = segments.length; n >= 0; n--) {
    const node = parsed.doc.getIn(segments.slice(0, n), true);
    if (yaml().isNode(node) && node.range) return parsed.lines.linePos(node.range[0]).line;
  }
  return undefined;
}

/** Readable problems from Ajv errors, one per failing key, most specific first. */
export function describeAjvErrors(
  errors: ErrorObject[],
  parsed?: ParsedYaml,
  prefix: (string | number)[] = [],
): { key: string; line?: number; message: string }[] {
  const seen = new Set<string>();
  const out: { key: string; line?: number; message: string }[] = [];
  for (const e of errors) {
    let pointer = e.instancePath;
    let message: string;
    switch (e.keyword) {
      case 'additionalProperties': {
        const extra = (e.params as { additionalProperty: string }).additionalProperty;
        pointer += `/${extra}`;
        message = 'unknown key (check its spelling and indentation)';
        break;
      }
      case 'required':
        message = `missing required key "${(e.params as { missingProperty: string }).missingProperty}"`;
        break;
      case 'enum':
        message = `must be one of ${((e.params as { allowedValues: unknown[] }).allowedValues).map((v) => JSON.stringify(v)).join(', ')}`;
        break;
      case 'const':
        message = `must be ${JSON.stringify((e.params as { allowedValue: unknown }).allowedValue)}`;
        break;
      case 'pattern':
        message = `has an invalid value (expected to match ${(e.params as { pattern: string }).pattern})`;
        break;
      case 'if':
      case 'anyOf':
      case 'oneOf':
        continue;
      default:
        message = e.message ?? 'is invalid';
    }
    const segs = [...prefix, ...pathSegments(pointer)];
    const key = keyPath(pointer, prefix);
    const dedupe = `${key}|${message}`;
    if (seen.has(dedupe)) continue;
    seen.add(dedupe);
    out.push({ key, line: lineOf(parsed, segs), message });
  }
  return out;
}
