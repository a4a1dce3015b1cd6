import { lstatSync } from 'node:fs';
import { resolve } from 'node:path';
import { FAIL_ON_LEVELS, SEVERITIES, type FailOn, type Severity } from '../../contract/findings';
import { readBounded } from '../text/fileRead';
import type { RuleSpec } from '../rules/ruleSpec';
import type { LoadedRule } from '../rules/ruleSpec';
import { validateRuleSpec } from '../ruleset/ruleLoader';
import { checkOwnSamples } from '../ruleset/ruleSamples';
import { describeAjvErrors, FileProblemError, lineOf, parseYamlFile, validator, type ParsedYaml } from '../text/yamlValidation';

/**
 * `secrets.testPaths`: how secret findings in test, fixture and example paths are reported (secrets/
 * findingContext's markPathContext takes this value; config may not import secrets/).
 */
export type TestPathPolicy = 'lower' | 'mark';

export const DEFAULT_MAX_FILE_SIZE = 1024 * 1024;
export const DEFAULT_CONFIG_FILE = '.palisade.yml';
/** A configuration file larger than this is refused (it would be a mistake, or an attack on the loader). */
const MAX_CONFIG_BYTES = 4 * 1024 * 1024;

/** `.palisade.yml` after validation. */
export interface PalisadeConfig {
  /** Name used in messages. */
  source?: string;
  /** Absolute path of the file; the scan skips it, since custom-rule samples live there. */
  path?: string;
  excludes: string[];
  maxFileSize?: number;
  failOn?: FailOn;
  disable: string[];
  enable: string[];
  severity: Record<string, Severity>;
  customRules: LoadedRule[];
  /** Secret findings in test and fixture paths: marked and one severity lower (`lower`, the default) or only marked (`mark`). */
  testPaths?: TestPathPolicy;
}

export const EMPTY_CONFIG: PalisadeConfig = { excludes: [], disable: [], enable: [], severity: {}, customRules: [] };

export const configSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    version: { const: 1 },
    excludes: { type: 'array', items: { type: 'string', minLength: 1 } },
    maxFileSize: {
      anyOf: [
        { type: 'integer', minimum: 1 },
        { type: 'string', pattern: '^[0-9]+(\\.[0-9]+)?\\s*(B|KB|MB|GB|KiB|MiB|GiB)?$' },
      ],
    },
    failOn: { enum: [...FAIL_ON_LEVELS] },
    rules: {
      type: 'object',
      additionalProperties: false,
      properties: {
        disable: { type: 'array', items: { type: 'string' } },
        enable: { type: 'array', items: { type: 'string' } },
        severity: { type: 'object', additionalProperties: { enum: [...SEVERITIES] } },
      },
    },
    secrets: {
      type: 'object',
      additionalProperties: false,
      properties: { testPaths: { enum: ['lower', 'mark'] } },
    },
    // Each rule is validated on its own so that errors point into it precisely.
    customRules: { type: 'array', items: { type: 'object' } },
  },
} as const;

/** Parses a size such as 1048576, "512KB" or "2 MB" into bytes. */
export function parseSize(v: number | string): number {
  if (typeof v === 'number') return v;
  const m = /^([0-9]+(?:\.[0-9]+)?)\s*(B|KB|MB|GB|KiB|MiB|GiB)?$/.exec(v.trim());
  if (!m) throw new Error(`"${v}" is not a size (use bytes or e.g. 512KB, 2MB)`);
  const unit = m[2] ?? 'B';
  const mult: Record<string, number> = { B: 1, KB: 1024, MB: 1024 ** 2, GB: 1024 ** 3, KiB: 1024, MiB: 1024 ** 2, GiB: 1024 ** 3 };
  return Math.round(Number(m[1]) * mult[unit]);
}

/**
 * Reads and validates a config file. A missing file is an error only when `required`
 * (the user named it); the default `.palisade.yml` is optional.
 */
export function loadConfig(file: string, builtinIds: ReadonlySet<string>, required: boolean, displayName = file): PalisadeConfig {
  // Read like any scanned file: a FIFO or device in its place must not block the task.
  const read = readBounded(file, MAX_CONFIG_BYTES);
  if ('skip' in read) {
    const { reason, detail } = read.skip;
    if (reason === 'unreadable' && detail === 'ENOENT' && !required) {
      // No file is no configuration; a link to nothing (a shared configuration not checked out)
      // is one lost, and the scan would run without its gate and excludes.
      if (isDanglingLink(file)) throw new FileProblemError(displayName, [{ key: '', message: 'is a symbolic link to something that does not exist (check out what it points to, or remove the link)' }]);
      return { ...EMPTY_CONFIG };
    }
    const message =
      reason === 'unreadable' ? (detail === 'ENOENT' ? 'file not found (check the config path)' : `cannot be read (${detail})`) : reason === 'special-file' ? `is not a regular file (${detail})` : `is too large (${detail})`;
    throw new FileProblemError(displayName, [{ key: '', message }]);
  }
  const text = read.bytes.toString('utf8');
  return { ...parseConfigText(text, builtinIds, displayName).config, path: resolve(file) };
}

function isDanglingLink(file: string): boolean {
  try {
    return lstatSync(file).isSymbolicLink();
  } catch {
    return false;
  }
}

/** A config file's text (e.g. another commit's version), validated like loadConfig; keeps the parse for line look-ups. */
export function parseConfigText(text: string, builtinIds: ReadonlySet<string>, displayName: string): { config: PalisadeConfig; parsed: ParsedYaml } {
  const parsed = parseYamlFile(displayName, text);
  return { config: parseConfig(parsed.value ?? {}, builtinIds, displayName, parsed), parsed };
}

export function parseConfig(value: unknown, builtinIds: ReadonlySet<string>, file: string, parsed?: ParsedYaml): PalisadeConfig {
  const validate = validator(configSchema);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new FileProblemError(file, [{ key: '', message: 'must be a mapping of settings (see the .palisade.yml reference in the README)' }]);
  }
  if (!validate(value)) throw new FileProblemError(file, describeAjvErrors(validate.errors ?? [], parsed));
  const raw = value as {
    excludes?: string[];
    maxFileSize?: number | string;
    failOn?: FailOn;
    rules?: { disable?: string[]; enable?: string[]; severity?: Record<string, Severity> };
    customRules?: unknown[];
    secrets?: { testPaths?: TestPathPolicy };
  };

  const problems: { key: string; line?: number; message: string }[] = [];
  const customRules: LoadedRule[] = [];
  (raw.customRules ?? []).forEach((r, i) => {
    const prefix = ['customRules', i];
    try {
      const spec: RuleSpec = validateRuleSpec(r, file, parsed, prefix);
      if (builtinIds.has(spec.id) || customRules.some((c) => c.spec.id === spec.id)) {
        problems.push({ key: `customRules[${i}].id`, line: lineOf(parsed, [...prefix, 'id']), message: `rule id "${spec.id}" is already taken; choose another id` });
        return;
      }
      for (const p of checkOwnSamples(spec)) {
        problems.push({ key: `customRules[${i}].samples`, line: lineOf(parsed, [...prefix, 'samples']), message: p });
      }
      customRules.push({ spec, source: `${file} customRules[${i}]` });
    } catch (e) {
      if (e instanceof FileProblemError) problems.push(...e.problems);
      else throw e;
    }
  });

  const known = new Set([...builtinIds, ...customRules.map((c) => c.spec.id)]);
  const checkIds = (ids: string[] | undefined, key: string): void => {
    (ids ?? []).forEach((id, i) => {
      if (!known.has(id)) problems.push({ key: `rules.${key}[${i}]`, line: lineOf(parsed, ['rules', key, i]), message: `unknown rule id "${id}" (list rule ids with "palisade rules")` });
    });
  };
  checkIds(raw.rules?.disable, 'disable');
  checkIds(raw.rules?.enable, 'enable');
  for (const id of Object.keys(raw.rules?.severity ?? {})) {
    if (!known.has(id)) problems.push({ key: `rules.severity.${id}`, line: lineOf(parsed, ['rules', 'severity', id]), message: `unknown rule id "${id}" (list rule ids with "palisade rules")` });
  }
  if (problems.length) throw new FileProblemError(file, problems);

  return {
    source: file,
    excludes: raw.excludes ?? [],
    maxFileSize: raw.maxFileSize === undefined ? undefined : parseSize(raw.maxFileSize),
    failOn: raw.failOn,
    disable: raw.rules?.disable ?? [],
    enable: raw.rules?.enable ?? [],
    severity: raw.rules?.severity ?? {},
    customRules,
    ...(raw.secrets?.testPaths ? { testPaths: raw.secrets.testPaths } : {}),
  };
}
