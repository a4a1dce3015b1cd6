import type { Severity } from '../../contract/findings';
import type { CodeRuleSpec } from './codeRuleSpec';
import { RULE_ID_PATTERN } from './ruleIds';

/**
 * Checksums a secret rule may name under `validate:` (implemented in secrets/validators.ts, which
 * must provide one check per name).
 */
export const SECRET_VALIDATOR_NAMES = [
  'azure-identifiable-key',
  'azure-common-annotated-key',
  'entra-client-secret',
  'base64-user-password',
  'age-bech32',
  'cloudflare-tunnel-json',
] as const;

export type SecretValidatorName = (typeof SECRET_VALIDATOR_NAMES)[number];

/**
 * A rule as written in a data file (tasks/rules/**.yml) or under `customRules:` in
 * `.palisade.yml`. The JSON schema below is the single definition of what is accepted.
 */
export interface RuleSamples {
  /** Texts this rule must report (each at least once). */
  positive: string[];
  /** Texts this rule must not report. */
  negative: string[];
  /**
   * Secret rules: values in the rule's format built like fillers (sequences, one character
   * dominating), which the rule reports at low confidence only.
   */
  filler?: string[];
}

export interface SecretRuleSpec {
  id: string;
  kind: 'secret';
  title: string;
  description?: string;
  severity: Severity;
  /** e.g. ["CWE-798"]. */
  cwe: string[];
  /** Lower-case ASCII literals; the rule runs on a file only when one of them occurs. */
  keywords: string[];
  /** JavaScript regular expression; the secret is the named group `secret`, else the whole match. */
  pattern: string;
  /** Extra regex flags: any of `i`, `m`, `s`, `u`. */
  flags?: string;
  /** Minimum Shannon entropy (bits per character) of the secret. */
  entropy?: number;
  allowlist?: {
    /** Regexes tested against the secret; a match means "not a secret". */
    patterns?: string[];
    /** Case-insensitive substrings; a secret containing one is not reported. */
    stopwords?: string[];
  };
  /**
   * Generic rules (e.g. `password = "..."`) give way to a specific rule that matched the same
   * text, and get the stricter placeholder checks.
   */
  generic?: boolean;
  /**
   * Only for files whose path (relative to the scan root, `/`-separated) matches this regular
   * expression, tested without regard to case: rules that judge a value by the kind of file it
   * is in (a `key: value` line of a YAML or .ini file is configuration, the same line in source
   * code may be anything). Such a rule does not run when the path is unknown, and its hits give
   * way to any other rule's hit on the same text, generic ones included.
   */
  files?: string;
  /** With `files`: the file name the rule's samples are checked as (it must match `files`). */
  sampleFile?: string;
  /**
   * A checksum the secret must pass (see secrets/azureKeyChecksum, secrets/bech32). A secret that passes is
   * reported even when it looks like filler (entropy and placeholder checks are skipped).
   */
  validate?: SecretValidatorName;
  /** A match that fails `validate`: dropped (default), or reported one severity lower. */
  unvalidated?: 'drop' | 'lower';
  /**
   * Generic rules only: a value of digits alone is a secret here (a connection string's
   * `Password=739251`), judged as a number someone chose rather than dropped as an id or a port;
   * one digit repeated and runs (`000000`, `123456`) stay stand-ins.
   */
  digits?: boolean;
  /**
   * The vendor documents one exact shape for every value that starts with the rule's prefix
   * (`bkua_` and 40 characters): a value with that prefix in another shape (cut short, padded,
   * edited by hand) is no working token, and generic rules do not report it either. Only for
   * rules whose pattern starts with a distinctive literal prefix and fixes the value's alphabet.
   */
  prefixOwned?: boolean;
  /** Off unless enabled in `.palisade.yml` (`rules.enable`). */
  enabled?: boolean;
  /**
   * What the pattern reads: the file's text (default), or its path relative to the scan root,
   * for files that are secrets in themselves (key stores), which are binary. Samples are paths then.
   */
  scope?: 'content' | 'path';
  /** Markdown: why it matters and how to fix it (revoke, rotate, move to a secret store). */
  help: string;
  tags?: string[];
  samples: RuleSamples;
}

export type RuleSpec = SecretRuleSpec | CodeRuleSpec;


const samplesSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['positive', 'negative'],
  properties: {
    positive: { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } },
    negative: { type: 'array', minItems: 1, items: { type: 'string' } },
    filler: { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } },
  },
} as const;

export const secretRuleSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'kind', 'title', 'severity', 'cwe', 'keywords', 'pattern', 'help', 'samples'],
  properties: {
    id: { type: 'string', pattern: RULE_ID_PATTERN },
    kind: { const: 'secret' },
    title: { type: 'string', minLength: 3, maxLength: 120 },
    description: { type: 'string' },
    severity: { enum: ['critical', 'high', 'medium', 'low', 'note'] },
    cwe: { type: 'array', minItems: 1, items: { type: 'string', pattern: '^CWE-[0-9]{1,4}$' } },
    keywords: {
      type: 'array',
      minItems: 1,
      items: { type: 'string', minLength: 2, pattern: '^[\\x20-\\x7e]+$' },
    },
    pattern: { type: 'string', minLength: 1 },
    flags: { type: 'string', pattern: '^[imsu]*$' },
    entropy: { type: 'number', minimum: 0, maximum: 8 },
    allowlist: {
      type: 'object',
      additionalProperties: false,
      properties: {
        patterns: { type: 'array', items: { type: 'string', minLength: 1 } },
        stopwords: { type: 'array', items: { type: 'string', minLength: 1 } },
      },
    },
    generic: { type: 'boolean' },
    files: { type: 'string', minLength: 1 },
    sampleFile: { type: 'string', minLength: 1 },
    validate: { enum: [...SECRET_VALIDATOR_NAMES] },
    unvalidated: { enum: ['drop', 'lower'] },
    digits: { type: 'boolean' },
    prefixOwned: { type: 'boolean' },
    enabled: { type: 'boolean' },
    scope: { enum: ['content', 'path'] },
    help: { type: 'string', minLength: 10 },
    tags: { type: 'array', items: { type: 'string' } },
    samples: samplesSchema,
  },
} as const;

export function isCodeRule(spec: RuleSpec): spec is CodeRuleSpec {
  return spec.kind === 'code';
}

export function isSecretRule(spec: RuleSpec): spec is SecretRuleSpec {
  return spec.kind === 'secret';
}

export type { CodeRuleSpec, CodeLanguage, CodeSample, CodePattern, ValueCheck, ArgCheck, ConfigCheck } from './codeRuleSpec';

/** A rule as loaded: its spec and where it came from (for error messages). */
export interface LoadedRule {
  spec: RuleSpec;
  /** Where the rule came from, for error messages. */
  source: string;
}
