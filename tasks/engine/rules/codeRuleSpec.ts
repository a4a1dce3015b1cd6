import type { Severity } from '../../contract/findings';
import { RULE_ID_PATTERN } from './ruleIds';

/**
 * Code rules (`kind: code`): structural patterns over a syntax tree (programming languages,
 * parsed with tree-sitter) or over a configuration tree (YAML, JSON, Terraform, Bicep,
 * Dockerfile). The JSON schema below is the single definition of what a rule file may say;
 * compileCodeRule() adds the checks a schema cannot express (regexes, language/pattern fit).
 */

export const PROGRAM_LANGUAGES = ['javascript', 'typescript', 'python', 'csharp', 'razor', 'java', 'go'] as const;
export const CONFIG_LANGUAGES = ['yaml', 'azure-pipelines', 'json', 'terraform', 'bicep', 'dockerfile'] as const;
export const CODE_LANGUAGES = [...PROGRAM_LANGUAGES, ...CONFIG_LANGUAGES] as const;

export type ProgramLanguage = (typeof PROGRAM_LANGUAGES)[number];
export type ConfigLanguage = (typeof CONFIG_LANGUAGES)[number];
export type CodeLanguage = (typeof CODE_LANGUAGES)[number];

export function isProgramLanguage(l: string): l is ProgramLanguage {
  return (PROGRAM_LANGUAGES as readonly string[]).includes(l);
}

/** A sample: bare code (in the rule's first language) or code with its language or file name. */
export type CodeSample = string | { code: string; language?: CodeLanguage; file?: string };

/** Function parameters a framework fills from the request. All given conditions must hold. */
export interface ParameterModel {
  /** The function has a decorator / annotation / attribute whose name matches (chain patterns: `**.route`, `HttpGet`). */
  decorators?: string[];
  /** The function literal is an argument of a call whose callee matches, directly or as a property of an object argument. */
  passedTo?: string[];
  /** The function literal is assigned to a target whose chain matches (`$.fn.*`: a jQuery plugin). */
  assignedTo?: string[];
  /**
   * With `passedTo`: the call's first argument is a string constant equal to one of these (the
   * event a listener is registered for: `addEventListener('message', fn)`, `$(window).on('message', fn)`).
   */
  eventNames?: string[];
  /**
   * The function is a method of a class that extends or implements one of `extends`, or a base
   * whose name matches `extendsMatches` (generated bases: gRPC Python's `<Service>Servicer`), or
   * carries one of `annotated`, or whose name matches `nameMatches`.
   */
  classes?: { extends?: string[]; extendsMatches?: string; annotated?: string[]; nameMatches?: string };
  /** Regex (case-sensitive) the function's name must match. */
  functionName?: string;
  /** The function's parameter names start with these. */
  signature?: string[];
  /** The file imports a module whose path starts with one of these (`django`, `flask`). */
  imports?: string[];
  /** Regex over the function's text before its body (modifiers, attributes), e.g. `\bpublic\b`. */
  headerMatches?: string;
  /**
   * The function's body opens with one of these directive strings, or the file does and the
   * function is exported (JavaScript `'use server'`: Next.js server actions).
   */
  directives?: string[];
  /**
   * The function is a method or property value of an object literal held under one of these keys
   * (a GraphQL resolver map: `Mutation: { createUser: (_, { input }) => ... }`), or of an object
   * held under a key of such an object (`Subscription: { added: { subscribe: (_, args) => ... } }`).
   */
  inObjectUnder?: string[];
  /** Only the parameter declared at this position (0-based) carries input, whatever its name or destructuring. */
  position?: number;
  /** Which parameters carry input: all (default), those after `signature`, or these names. */
  params?: 'all' | 'afterSignature' | string[];
  /** Only parameters whose declared type (reduced to its name) matches this regex are input (`Request` for `({ query }: Request) =>`). */
  types?: string;
  /** Parameters whose declared type (reduced to its name) matches this regex are not input (services, contexts). */
  exceptTypes?: string;
  /** Parameters whose declaration text matches this regex are not input (`= Depends(...)`, `[FromServices]`). */
  exceptText?: string;
  /**
   * The function's body text matches this regex: none of its parameters is input (a message
   * handler that first checks the sender's origin against a fixed one trusts that origin as it
   * trusts its own server).
   */
  exceptBody?: string;
}

type Scalar = string | number | boolean | null;

/** Conditions on one value (an argument, an assigned value, a property value). All must hold. */
export interface ValueCheck {
  /** false: the value may carry data that is neither a literal nor sanitised. */
  constant?: boolean;
  /**
   * true: the value may hold data from outside the code (request input, a parameter whose callers
   * are unknown, a field, a global), not only what calls compute from constants.
   */
  open?: boolean;
  /** true: request input reaches the value through local assignments and string building. */
  tainted?: boolean;
  /** true: request input decides the scheme or host (a fixed `https://host/` or `/path` prefix does not). */
  hostTainted?: boolean;
  /** true: a string built at run time (concatenation, template, format) with a part that is not constant. */
  dynamicString?: boolean;
  /** Regex (case-insensitive) over the constant string parts of the value. */
  stringMatches?: string;
  /** Regex (case-insensitive) over the value's source text. */
  textMatches?: string;
  textNotMatches?: string;
  /**
   * Regex (case-insensitive) over the source text of the request input that reaches the value
   * (where its path starts): tells string inputs (`req.query.q`) from parsed bodies that may be objects.
   */
  sourceMatches?: string;
  /** The same text, which must not match (`location.hash` as it is: a jQuery selector, not HTML). */
  sourceNotMatches?: string;
  /**
   * Regex (case-insensitive) that one step of the path by which request input reaches the value
   * must match: the assignment that gives a variable on the path its value, or else the step's
   * own text (`data = json.loads(raw)`: input parsed from JSON, which may hold objects, not strings).
   */
  flowMatches?: string;
  /** The same, none of whose steps may match (`p = os.path.realpath(p)`: normalised on the way). */
  flowNotMatches?: string;
  /**
   * Regex (case-insensitive) over the text the value is written as, which must not match: the
   * expression, or for a name defined once locally, its definition (`params` of `const params = {...}`).
   */
  definitionNotMatches?: string;
  /**
   * Regex (case-insensitive) over the same text, which must match: what a name defined once
   * locally was given (`builder.contentType(MediaType.TEXT_HTML)` for `b` of `b.body(x)`).
   */
  definitionMatches?: string;
  /** The value is this literal (strings compare case-insensitively), or one of these. */
  equals?: Scalar | Scalar[];
  /** The value is a number smaller than this (a literal, or a name or constant expression that holds one): key sizes. */
  below?: number;
  /** For an argument: true when it is absent. */
  missing?: boolean;
  /** The value is a function (lambda, delegate, func literal) that always returns `true`. */
  returnsTrue?: boolean;
  /**
   * Regex (case-insensitive) that the class the value makes must match: an anonymous class written
   * in the value (or in what a name defined once locally was given), or a class of this file it
   * constructs (`new TrustAll()`, `new TrustManager[] { new TrustAll() }`), by its declaration's text.
   */
  classMatches?: string;
  /**
   * Regex (case-insensitive) that the value's text, or the text some local variable it is built
   * from was given (followed back a few assignments), must match: `gcm.Seal(...)` where
   * `gcm := cipher.NewGCM(block)` and `block, _ := des.NewCipher(k)`.
   */
  derivedMatches?: string;
  /**
   * Regex (case-insensitive) over the callee of the call that a function literal is passed to,
   * for a value that is a parameter of that function (`n` of `Model.count(q, (err, n) => ...)`,
   * callee `Model.count`): what the library hands a callback (a count, not a model).
   */
  callbackOf?: string;
  /**
   * true: the value reads names, and every one is a parameter of its function (`command`,
   * `"sh -c " + command`): what a caller handed in, not a local, field, global or call result.
   */
  paramsOnly?: boolean;
  /**
   * `exponential`: the value is a regular expression written in the code (a regex literal, or a
   * constant string) that backtracks exponentially when a match fails (code/regexBacktracking.ts),
   * read in the language's flavor with the flags the call passes (or the literal carries).
   * `polynomial`: one that takes quadratic time or worse when a match (a search, unless
   * wholeMatch) fails: two loops that can read the same characters one after the other.
   */
  backtracking?: 'exponential' | 'polynomial';
  /** With backtracking: the call matches the whole input (Python fullmatch, Java String.matches), as if the pattern ended in `$`. */
  wholeMatch?: boolean;
  /** Apply the checks to this property of an object literal value (dotted path). */
  at?: string;
}

export interface ArgCheck extends ValueCheck {
  /** `0` (positional), `shell` (keyword / named), `1|Loader` (either), `2.shell` (property of an object argument), `*` (any), `1+` (all but the first positional ones), `last`. */
  arg: string | number;
}

/** Conditions on a configuration node reached by `path` from the scope. */
export interface ConfigCheck {
  /** Dotted path; `*` one key or item, `**` any depth, `$` the scope itself, `$key` its key. Keys compare case-insensitively. */
  path: string;
  /** With `ports`: the end of a port range whose start is at `path` (e.g. from_port / to_port). */
  toPath?: string;
  equals?: Scalar | Scalar[];
  matches?: string;
  notMatches?: string;
  /** A list with one of these items (or a scalar equal to one). */
  contains?: Scalar[];
  /** A port spec (`22`, `"20-25"`, `"*"`, a list of those) that includes one of these ports. */
  ports?: number[];
  absent?: boolean;
  present?: boolean;
  /** A literal string that looks like a real secret (not a variable reference, placeholder or empty). */
  secretValue?: boolean;
}

/** One structural pattern; a rule matches where any of its patterns matches. */
export interface CodePattern {
  // Program languages: what to look at (exactly one of these).
  /** Calls whose callee chain matches (e.g. `child_process.exec()`, `**.execute()`). */
  call?: string[];
  /** Constructor calls whose type name ends with one of these (e.g. `BinaryFormatter`). */
  new?: string[];
  /** Assignments and declarations whose target chain matches (e.g. `**.innerHTML`, `DEBUG`). */
  assign?: string[];
  /** Properties of object literals, initialisers, keyed elements, keyword arguments and JSX attributes by key. */
  pair?: string[];
  /** Any reference (identifier or member chain) that matches (e.g. `ssl.CERT_NONE`). */
  ref?: string[];
  /** A tree-sitter query; the node captured as `@match` (else the first capture) is reported. */
  query?: string;
  /** With `call`: calls whose chain matches one of these are not this pattern's (a DynamoDB client's `query()` is not SQL). */
  notCall?: string[];
  /** With `assign`: targets whose chain matches one of these are not this pattern's (`innerHTML` of a detached, inert document). */
  notAssign?: string[];
  /** Checks on call arguments (all must hold). */
  args?: ArgCheck[];
  /** Argument checks of which none may hold. */
  unless?: ArgCheck[];
  /** Checks on the assigned value (`assign`), the property value (`pair`) or the captured node (`query`). */
  value?: ValueCheck;
  /** Regex (case-insensitive) over the matched node's source text. */
  textMatches?: string;
  /** Regex (case-insensitive) that names near the match must meet (variable, function, parameter, argument names). */
  context?: string;
  /** Regex (case-insensitive) that names near the match must not meet (e.g. checksum, etag, cache for a weak hash). */
  contextNot?: string;
  /** Not reported inside an `if` whose condition, or a switch `case` whose label, matches this regex (case-insensitive). */
  notInside?: string;
  /**
   * Not reported inside one arm of an `if`/`else` whose other arm's text matches this regex
   * (case-insensitive): a weak setting that code chooses at run time against a strong one
   * (`if strict { v = tls.VersionTLS13 } else { v = tls.VersionTLS10 }`) is a configurable
   * option, not an oversight.
   */
  notBesideBranch?: string;
  /**
   * Not reported after an earlier `if` of the same function whose condition matches this regex
   * (case-insensitive), names a variable the match is built from, and leaves the function
   * (return, raise, throw, abort): a validation that turns bad input away before the sink.
   */
  unlessGuarded?: string;
  /** Reported only if the enclosing function also matches this pattern. */
  inFunction?: CodePattern;
  /** Not reported if the enclosing function also matches this pattern (or any of these patterns). */
  unlessInFunction?: CodePattern | CodePattern[];
  /**
   * Reported only inside a function that carries one of these decorators, annotations or
   * attributes (chain patterns through import aliases: `**.route`, `GetMapping`), e.g. route handlers.
   */
  decoratedWith?: string[];
  /**
   * Not reported inside a function that carries one of these, or whose class does
   * (`ResponseBody`, `RestController`: what a handler returns there is the body, not a view name).
   */
  notDecoratedWith?: string[];
  /** true: only where the match is what its function returns (`return render_template(...)`, not an e-mail body built by the same call). */
  returned?: boolean;
  /**
   * true, on a pattern given as `inFunction` / `unlessInFunction`: its match in the function counts
   * only where it runs before the reported one on every path to it (earlier, and not inside a
   * branch, loop body, `catch` or short-circuit operand that the reported match is outside of):
   * a response typed as JSON in one branch of an `if` says nothing of the reply sent in the other.
   */
  before?: boolean;
  /**
   * true (JavaScript/TypeScript): the match is a write `dst[key] = v` (or
   * `Object.defineProperty(dst, key, d)`) of a deep merge/clone that recurses into `dst[key]`
   * over another object's own keys, or of a path setter walking `dst = dst[key]` along a split
   * string, with no guard against `__proto__` / `constructor` (code/keyCopy.ts).
   */
  keyCopy?: boolean;
  /** true (JavaScript/TypeScript): not reported when the written object was made with `Object.create(null)` (or is a Map) in the same function. */
  unlessNullPrototype?: boolean;
  /**
   * Regex (case-insensitive) over the annotations (decorators, attributes) of the enclosing
   * function, or of its class when the function's own do not match: e.g. a Spring handler or
   * controller declared to produce `text/html`.
   */
  annotationMatches?: string;
  /** Regex (case-insensitive) that the enclosing function's own annotations must not match (a method-level setting overriding its class's). */
  annotationNotMatches?: string;

  // Configuration languages.
  /** Resource types (Terraform type, or ARM/Bicep type without API version); omitted: the document. */
  resource?: string[];
  /** Path from the resource or document whose nodes each become the scope. */
  each?: string;
  where?: ConfigCheck[];
  /** Config checks of which none may hold. */
  whereNot?: ConfigCheck[];
  /** Path of the node to report, relative to the scope (default: the first `where` path). */
  report?: string;
}

export interface CodeRuleSpec {
  id: string;
  kind: 'code';
  title: string;
  description?: string;
  /** One sentence shown with each finding (default: the title). */
  message?: string;
  severity: Severity;
  cwe: string[];
  languages: CodeLanguage[];
  /** Lower-case literals; a file is parsed for this rule only when one occurs (case-insensitively). */
  keywords?: string[];
  /**
   * A regular expression (case-sensitive) the file's text must match, tried before parsing once
   * a keyword is found: for a keyword common in code (`require(`) where only a rarer form can
   * match (`require(` given something other than a literal).
   */
  fileMatches?: string;
  /**
   * `exponential`: a file is parsed for the rule only when a string or regex literal in its text
   * (read roughly, line by line, before parsing) backtracks exponentially in the flavor of the
   * rule's first language (code/regexBacktracking.ts): such rules match only there, and most
   * files hold no such regex.
   */
  fileRegexes?: 'exponential';
  /**
   * A regular expression (case-sensitive): where any file of the scanned tree in the rule's
   * languages matches it, the rule's findings are answered for the whole tree and left out
   * (a filter registered for every controller in Program.cs), with a diagnostic naming the file.
   */
  unlessTreeMatches?: string;
  match: CodePattern[];
  /** Extra request-input sources (chain patterns) on top of the language's built-in ones. */
  sources?: string[];
  /**
   * Function parameters that are input for this rule only, as a source model's `parameters`
   * entries say (code/sourceModels.ts): what a library's caller hands a function it exports
   * (a jQuery plugin's options), which other rules take for the caller's own choice.
   */
  parameters?: ParameterModel[];
  /** Extra sanitiser calls (chain patterns). */
  sanitizers?: string[];
  /** Globs (relative paths) a file must match / must not match. */
  paths?: string[];
  excludePaths?: string[];
  /**
   * `lower`: findings in test and fixture paths are kept but marked `properties.context: "test"`
   * and reported one severity lower, instead of being left out with `excludePaths`: tests often
   * do such a thing on purpose (TLS checks off against a local server), yet the same code is
   * copied into products.
   */
  testPaths?: 'lower';
  /**
   * The string literals in a match are secrets (a hard-coded signing key): masked wherever the
   * finding is shown, as a secret rule's value is.
   */
  maskStrings?: boolean;
  /** high: few false positives expected; medium: review needed. */
  precision?: 'high' | 'medium';
  enabled?: boolean;
  help: string;
  tags?: string[];
  samples: { positive: CodeSample[]; negative: CodeSample[] };
}

const scalar = { type: ['string', 'number', 'boolean', 'null'] } as const;
const scalarOrList = { anyOf: [scalar, { type: 'array', minItems: 1, items: scalar }] } as const;
const strList = { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } } as const;

const valueCheckProps = {
  constant: { type: 'boolean' },
  open: { type: 'boolean' },
  tainted: { type: 'boolean' },
  hostTainted: { type: 'boolean' },
  dynamicString: { type: 'boolean' },
  stringMatches: { type: 'string', minLength: 1 },
  textMatches: { type: 'string', minLength: 1 },
  textNotMatches: { type: 'string', minLength: 1 },
  sourceMatches: { type: 'string', minLength: 1 },
  sourceNotMatches: { type: 'string', minLength: 1 },
  flowMatches: { type: 'string', minLength: 1 },
  flowNotMatches: { type: 'string', minLength: 1 },
  definitionNotMatches: { type: 'string', minLength: 1 },
  definitionMatches: { type: 'string', minLength: 1 },
  equals: scalarOrList,
  below: { type: 'number' },
  missing: { type: 'boolean' },
  returnsTrue: { type: 'boolean' },
  classMatches: { type: 'string', minLength: 1 },
  derivedMatches: { type: 'string', minLength: 1 },
  callbackOf: { type: 'string', minLength: 1 },
  paramsOnly: { type: 'boolean' },
  backtracking: { enum: ['exponential', 'polynomial'] },
  wholeMatch: { type: 'boolean' },
  at: { type: 'string', minLength: 1 },
} as const;

const configCheck = {
  type: 'object',
  additionalProperties: false,
  required: ['path'],
  properties: {
    path: { type: 'string', minLength: 1 },
    toPath: { type: 'string', minLength: 1 },
    equals: scalarOrList,
    matches: { type: 'string', minLength: 1 },
    notMatches: { type: 'string', minLength: 1 },
    contains: { type: 'array', minItems: 1, items: scalar },
    ports: { type: 'array', minItems: 1, items: { type: 'integer', minimum: 0, maximum: 65535 } },
    absent: { type: 'boolean' },
    present: { type: 'boolean' },
    secretValue: { type: 'boolean' },
  },
} as const;

const sample = {
  anyOf: [
    { type: 'string', minLength: 1 },
    {
      type: 'object',
      additionalProperties: false,
      required: ['code'],
      properties: {
        code: { type: 'string' },
        language: { enum: [...CODE_LANGUAGES] },
        file: { type: 'string', minLength: 1 },
      },
    },
  ],
} as const;

export const codeRuleSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'kind', 'title', 'severity', 'cwe', 'languages', 'match', 'help', 'samples'],
  $defs: {
    valueCheck: { type: 'object', additionalProperties: false, properties: valueCheckProps },
    argCheck: {
      type: 'object',
      additionalProperties: false,
      required: ['arg'],
      properties: { arg: { type: ['string', 'integer'] }, ...valueCheckProps },
    },
    pattern: {
      type: 'object',
      additionalProperties: false,
      minProperties: 1,
      properties: {
        call: strList,
        notCall: strList,
        notAssign: strList,
        new: strList,
        assign: strList,
        pair: strList,
        ref: strList,
        query: { type: 'string', minLength: 3 },
        args: { type: 'array', items: { $ref: '#/$defs/argCheck' } },
        unless: { type: 'array', items: { $ref: '#/$defs/argCheck' } },
        value: { $ref: '#/$defs/valueCheck' },
        textMatches: { type: 'string', minLength: 1 },
        context: { type: 'string', minLength: 1 },
        contextNot: { type: 'string', minLength: 1 },
        notInside: { type: 'string', minLength: 1 },
        notBesideBranch: { type: 'string', minLength: 1 },
        unlessGuarded: { type: 'string', minLength: 1 },
        inFunction: { $ref: '#/$defs/pattern' },
        unlessInFunction: { anyOf: [{ $ref: '#/$defs/pattern' }, { type: 'array', minItems: 1, items: { $ref: '#/$defs/pattern' } }] },
        decoratedWith: strList,
        notDecoratedWith: strList,
        returned: { type: 'boolean' },
        before: { type: 'boolean' },
        keyCopy: { type: 'boolean' },
        unlessNullPrototype: { type: 'boolean' },
        annotationMatches: { type: 'string', minLength: 1 },
        annotationNotMatches: { type: 'string', minLength: 1 },
        resource: strList,
        each: { type: 'string', minLength: 1 },
        where: { type: 'array', items: configCheck },
        whereNot: { type: 'array', items: configCheck },
        report: { type: 'string', minLength: 1 },
      },
    },
  },
  properties: {
    id: { type: 'string', pattern: RULE_ID_PATTERN },
    kind: { const: 'code' },
    title: { type: 'string', minLength: 3, maxLength: 120 },
    description: { type: 'string' },
    message: { type: 'string', minLength: 3, maxLength: 300 },
    severity: { enum: ['critical', 'high', 'medium', 'low', 'note'] },
    cwe: { type: 'array', minItems: 1, items: { type: 'string', pattern: '^CWE-[0-9]{1,4}$' } },
    languages: { type: 'array', minItems: 1, items: { enum: [...CODE_LANGUAGES] } },
    keywords: { type: 'array', minItems: 1, items: { type: 'string', minLength: 2, pattern: '^[\\x20-\\x7e]+$' } },
    fileMatches: { type: 'string', minLength: 1 },
    fileRegexes: { enum: ['exponential'] },
    unlessTreeMatches: { type: 'string', minLength: 1 },
    match: { type: 'array', minItems: 1, items: { $ref: '#/$defs/pattern' } },
    sources: strList,
    // Each entry is checked as a source model's (code/sourceModels.ts) when the rule compiles.
    parameters: { type: 'array', minItems: 1, items: { type: 'object', minProperties: 1 } },
    sanitizers: strList,
    paths: strList,
    excludePaths: strList,
    testPaths: { const: 'lower' },
    maskStrings: { type: 'boolean' },
    precision: { enum: ['high', 'medium'] },
    enabled: { type: 'boolean' },
    help: { type: 'string', minLength: 10 },
    tags: { type: 'array', items: { type: 'string' } },
    samples: {
      type: 'object',
      additionalProperties: false,
      required: ['positive', 'negative'],
      properties: {
        positive: { type: 'array', minItems: 1, items: sample },
        negative: { type: 'array', minItems: 1, items: sample },
      },
    },
  },
} as const;
