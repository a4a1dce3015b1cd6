import { compileChainPattern, type ChainPattern } from './chains';
import type { ProgramLanguage } from '../rules/codeRuleSpec';
import { compileParameterModel, type CompiledParameterModel } from './frameworkParams';
import { builtinSourceModels, type InstancesModel, type OtherMembersModel, type ParameterModel, type ResultArgsModel, type SourceModelSpec } from './sourceModels';

/**
 * What each language's web frameworks hand a handler as request input (sources), and calls
 * whose result cannot carry an injection payload whatever their input (sanitisers: number and
 * identifier parsing, URL-component encoding). The lists are data: the framework source models
 * under tasks/rules/code/sources/ (see sourceModels.ts). Rules may add their own on top.
 */
export interface LanguageKnowledge {
  /** Chain patterns; an expression whose chain starts with one of them is request input. */
  sources: readonly string[];
  /** Request objects whose members other than the listed ones are input. */
  otherMembers: readonly OtherMembersModel[];
  /** Parameters carrying one of these annotations / attributes / decorators are request input. */
  annotatedSources: readonly string[];
  /** Classes whose public settable properties the framework binds from the request. */
  boundClasses: readonly string[];
  /** Chain patterns of calls whose result is trusted. */
  sanitizers: readonly string[];
  /** Calls whose result carries some of their arguments only. */
  resultArgs: readonly ResultArgsModel[];
  /** Function parameters frameworks fill from the request. */
  parameters: readonly ParameterModel[];
  /** Python classes whose instances are, or carry, request input (by base name). */
  instances: readonly InstancesModel[];
}

/** Razor pages are C#; TypeScript shares JavaScript's frameworks. */
const MODEL_LANGUAGE: Record<ProgramLanguage, ProgramLanguage[]> = {
  javascript: ['javascript'],
  typescript: ['typescript', 'javascript'],
  python: ['python'],
  csharp: ['csharp'],
  razor: ['razor', 'csharp'],
  java: ['java'],
  go: ['go'],
};

/** The knowledge of a language from these models (default: the shipped ones). */
export function knowledgeFromModels(language: ProgramLanguage, models: readonly SourceModelSpec[]): LanguageKnowledge {
  const langs = MODEL_LANGUAGE[language];
  const mine = models.filter((m) => m.languages.some((l) => langs.includes(l)));
  const uniq = (xs: string[]): string[] => [...new Set(xs)];
  return {
    sources: uniq(mine.flatMap((m) => m.sources ?? [])),
    otherMembers: mine.flatMap((m) => m.otherMembers ?? []),
    annotatedSources: uniq(mine.flatMap((m) => m.annotatedSources ?? [])),
    boundClasses: uniq(mine.flatMap((m) => m.boundClasses ?? [])),
    sanitizers: uniq(mine.flatMap((m) => m.sanitizers ?? [])),
    resultArgs: mine.flatMap((m) => m.resultArgs ?? []),
    parameters: mine.flatMap((m) => m.parameters ?? []),
    instances: mine.flatMap((m) => m.instances ?? []),
  };
}

const byLanguage = new Map<ProgramLanguage, LanguageKnowledge>();

export function knowledgeOf(language: ProgramLanguage): LanguageKnowledge {
  let k = byLanguage.get(language);
  if (!k) byLanguage.set(language, (k = knowledgeFromModels(language, builtinSourceModels().map((m) => m.spec))));
  return k;
}

/** Calls that build a string from their receiver and arguments (concatenation by another name). */
export const STRING_BUILDERS = new Set([
  'format', 'Format', 'formatted', 'format_map', 'Sprintf', 'Sprint', 'Sprintln', 'Concat', 'concat', 'join', 'Join',
  'append', 'Append', 'AppendFormat', 'AppendLine', 'toString', 'ToString', 'valueOf', 'str', 'String',
]);

/** Calls whose result is their receiver's text, transformed (case, whitespace). */
export const STRING_PASSTHROUGH = new Set([
  'trim', 'trimStart', 'trimEnd', 'strip', 'lstrip', 'rstrip', 'lower', 'upper', 'toLowerCase', 'toUpperCase',
  'ToLower', 'ToUpper', 'ToLowerInvariant', 'ToUpperInvariant', 'Trim', 'TrimSpace', 'TrimEnd', 'TrimStart', 'encode', 'decode', 'toLocaleLowerCase',
]);

/**
 * Functions whose result carries their arguments' data: conversions, decoders, path and URL
 * builders, parsers. Other calls on tainted arguments return untainted values (a query result,
 * a command's output), which keeps findings to values the attacker really shapes.
 */
export const TAINT_PROPAGATORS = new Set([
  'join', 'Join', 'resolve', 'normalize', 'Combine', 'Clean', 'Abs', 'GetFullPath', 'urljoin', 'urlparse', 'abspath', 'realpath', 'normpath',
  // Node's path functions that keep the caller's part of a path (its folder, its form relative to
  // another, its Windows long form): `..` in it still climbs. (Not realpath: what it returns is
  // absolute and free of `..`, a form the path rules do not tell from a raw input.)
  'dirname', 'relative', 'toNamespacedPath',
  'String', 'string', 'str', 'bytes', 'bytearray', 'byte', 'from', 'valueOf', 'toString', 'ToString', 'Convert.ToString',
  'parse', 'loads', 'load', 'decode', 'b64decode', 'urlsafe_b64decode', 'atob', 'unquote', 'unquote_plus', 'Unescape', 'QueryUnescape', 'PathUnescape',
  'decodeURIComponent', 'decodeURI', 'unescape', 'UrlDecode', 'UnescapeDataString', 'GetBytes', 'getBytes', 'DecodeString', 'Parse', 'ParseRequestURI',
  'TrimSpace', 'ToLower', 'ToUpper', 'Trim', 'TrimPrefix', 'TrimSuffix', 'Replace', 'ReplaceAll', 'replace', 'replaceAll', 'Title', 'dumps', 'stringify', 'fromCharCode',
  'encode', 'encodeToString', 'encodeBase64', 'decodeBase64', 'b64encode', 'urlsafe_b64encode', 'btoa', 'EncodeToString', 'ToBase64String', 'FromBase64String',
  'URL', 'Uri', 'URLSearchParams', 'Path', 'PurePath', 'get', 'Get', 'getlist', 'items', 'values', 'keys', 'split', 'Split', 'Fields',
  // Copies and containers of their arguments (`Object.assign({}, req.body)`, `dict(request.form)`),
  // and readers over a body (`io.ReadAll(r.Body)`, `bufio.NewScanner(r.Body)`).
  'assign', 'dict', 'list', 'tuple', 'frozenset', 'sorted', 'ReadAll', 'NewDecoder', 'NewReader', 'NewScanner',
  // Null checks and defaults that return their argument (Java's Objects, Guava, Commons Lang).
  'requireNonNull', 'requireNonNullElse', 'checkNotNull', 'nullToEmpty', 'emptyToNull', 'defaultString', 'defaultIfEmpty', 'defaultIfBlank', 'firstNonNull',
  // HTML escaping makes text safe for HTML only (XSS rules list it as their sanitiser): a path,
  // a command or a session value built from escaped input is still the user's.
  'escape',
  // Python's re-indenting of source or text (`exec(textwrap.dedent(code))`): the same text.
  'dedent', 'cleandoc',
  // Java's HTML encoders (Commons Text/Lang, Spring HtmlUtils, ESAPI, OWASP Java Encoder).
  'escapeHtml', 'escapeHtml3', 'escapeHtml4', 'htmlEscape', 'htmlEscapeHex', 'htmlEscapeDecimal',
  'encodeForHTML', 'encodeForHTMLAttribute', 'forHtml', 'forHtmlContent', 'forHtmlAttribute', 'forHtmlUnquotedAttribute',
  // Markdown-to-HTML renderers (marked, showdown's `converter.makeHtml`, snarkdown): the page
  // they return is the input's text, raw HTML in it included.
  'marked', 'makeHtml', 'snarkdown',
]);

/**
 * Factories named with their class that build a value from their argument (`URI.create(s)`):
 * by qualified name, as their own names (`create`, `fromUriString`) say nothing elsewhere.
 */
export const QUALIFIED_PROPAGATORS = new Set([
  'URI.create', 'java.net.URI.create', 'UriComponentsBuilder.fromHttpUrl', 'UriComponentsBuilder.fromUriString', 'UriComponentsBuilder.fromUri',
  // Apache HttpCore 5's host parser (`HttpHost.create("https://h:8443")`).
  'HttpHost.create', 'org.apache.hc.core5.http.HttpHost.create',
  // Go's relative path from a base to input is still input: `../../etc/passwd` when the input
  // leaves the base (a check of it, `strings.HasPrefix(rel, "..")`, is a guard of the rules).
  'filepath.Rel', 'path/filepath.Rel',
  // A JMX connector made for a service URL connects to it later (`newJMXConnector(url, env).connect()`).
  'JMXConnectorFactory.newJMXConnector', 'javax.management.remote.JMXConnectorFactory.newJMXConnector',
  // A class loaded by name is the class the name chose (its instances, its fragments).
  'Class.forName', 'java.lang.Class.forName',
  // JNDI names built component by component (`new CompositeName().add(input)` returns the name).
  'new CompositeName().add', 'new CompoundName().add',
  // Collections and streams over their arguments, whose elements callbacks then receive.
  'Arrays.stream', 'Arrays.asList', 'Stream.of', 'List.of', 'Set.of', 'Optional.of', 'Optional.ofNullable', 'Array.from', 'Object.values', 'Object.entries', 'Object.keys',
  // .NET text from bytes (`Encoding.UTF8.GetString(Convert.FromBase64String(s))`).
  ...['UTF8', 'ASCII', 'Unicode', 'UTF32', 'Latin1', 'Default', 'BigEndianUnicode'].flatMap((e) => [`Encoding.${e}.GetString`, `System.Text.Encoding.${e}.GetString`]),
  // .NET query-string parsers: how an isolated-worker Azure Function or an HttpListener reads the
  // query (`HttpUtility.ParseQueryString(req.Url.Query)["url"]`).
  'HttpUtility.ParseQueryString', 'System.Web.HttpUtility.ParseQueryString', 'QueryHelpers.ParseQuery', 'QueryHelpers.ParseNullableQuery',
  // Java helpers that read a whole stream or reader into bytes, chars, text or lines (a raw
  // request body: `StreamUtils.copyToString(request.getInputStream(), UTF_8)`), and wrappers of
  // the same data (an XML InputSource, a buffer).
  ...['toByteArray', 'toCharArray', 'readLines'].flatMap((m) => [`IOUtils.${m}`, `org.apache.commons.io.IOUtils.${m}`]),
  ...['copyToString', 'copyToByteArray'].flatMap((m) => [`StreamUtils.${m}`, `FileCopyUtils.${m}`, `org.springframework.util.StreamUtils.${m}`, `org.springframework.util.FileCopyUtils.${m}`]),
  'ByteStreams.toByteArray', 'CharStreams.readLines', 'Streams.asString',
  'SAXSource.sourceToInputSource', 'ByteBuffer.wrap', 'CharBuffer.wrap',
  // Commons Lang's and Spring's static string helpers that keep their argument's text (trimmed,
  // re-cased, with characters removed or replaced, joined). Not the substring helpers, which code
  // uses to cut a file name out of a path.
  ...['trim', 'trimToEmpty', 'trimToNull', 'strip', 'stripToEmpty', 'stripToNull', 'lowerCase', 'upperCase', 'capitalize', 'uncapitalize', 'deleteWhitespace',
    'normalizeSpace', 'chomp', 'remove', 'removeStart', 'removeEnd', 'replace', 'replaceEach', 'replaceChars', 'join', 'abbreviate', 'wrap', 'appendIfMissing',
    'prependIfMissing', 'trimWhitespace', 'trimAllWhitespace', 'trimLeadingWhitespace', 'trimTrailingWhitespace', 'collectionToDelimitedString',
    'arrayToDelimitedString', 'tokenizeToStringArray', 'commaDelimitedListToStringArray', 'delimitedListToStringArray'].map((m) => `StringUtils.${m}`),
]);

/**
 * Java expression, script and template engines' compile steps (JEXL's `createExpression`,
 * `createScript`, `createTemplate`, SpEL's and OGNL's `parseExpression`, SpEL's `parseRaw`, MVEL's and OGNL's
 * `compileExpression`, MVEL's `compileTemplate`): the compiled object is the text's code, and runs
 * where it is evaluated (`script.execute(ctx)`), which is where the rules report it.
 */
export const JAVA_EXPRESSION_COMPILERS = new Set(['createExpression', 'createScript', 'createTemplate', 'parseExpression', 'compileExpression', 'compileTemplate', 'compiledScript', 'parseRaw']);

/**
 * URL objects made from one string (`URI.create(s)`, `new URL(s)`, C#'s `new Uri(s)`): their host
 * is the string's, so the string's constant start (`"/items/" + id`) still says who picks it.
 */
export const URL_FACTORIES = new Set(['URI.create', 'java.net.URI.create', 'UriComponentsBuilder.fromHttpUrl', 'UriComponentsBuilder.fromUriString', 'HttpHost.create', 'org.apache.hc.core5.http.HttpHost.create']);
export const URL_TYPES = /^(?:java\.net\.)?(?:URI|URL)$|^(?:System\.)?Uri$/;

/** Members whose value is a number or boolean whatever the object (`s.length`). */
export const NUMERIC_MEMBERS = new Set(['length', 'Length', 'Count', 'size', 'Size', 'len']);

/**
 * Go calls that fill the variable whose address they are given from the client: web frameworks'
 * binders (gin, echo, fiber) and WebSocket readers (gorilla's ReadJSON, x/net's Receive).
 */
const GO_INPUT_FILLERS: readonly string[] = [
  'Bind', 'BindJSON', 'BindQuery', 'BindUri', 'BindXML', 'BindYAML', 'BindHeader', 'BindWith', 'BindBody', 'BindQueryParams', 'BindPathParams',
  'ShouldBind', 'ShouldBindJSON', 'ShouldBindQuery', 'ShouldBindUri', 'ShouldBindXML', 'ShouldBindYAML', 'ShouldBindHeader', 'ShouldBindWith', 'ShouldBindBodyWith', 'BodyParser', 'QueryParser', 'ParamsParser',
  'ReadJSON', 'Receive',
];

export interface CompiledKnowledge {
  sources: ChainPattern[];
  /** Request objects (`req`) whose members are input unless excepted (see OtherMembersModel). */
  otherMembers: { of: ChainPattern[]; except: ReadonlySet<string> }[];
  annotatedSources: ReadonlySet<string>;
  boundClasses: ReadonlySet<string>;
  sanitizers: ChainPattern[];
  /** Calls whose result carries some of their arguments only (see ResultArgsModel). */
  resultArgs: { calls: ChainPattern[]; args: readonly number[]; curried: boolean }[];
  /** All the non-curried `resultArgs` calls, tested at once before finding which model matched. */
  resultArgCalls: ChainPattern[];
  /** Function parameters frameworks fill from the request (see frameworkParams.ts). */
  parameters: CompiledParameterModel[];
  /** Base class name -> what an instance of a class deriving from it carries (see InstancesModel). */
  instances: ReadonlyMap<string, 'input' | 'arguments'>;
  /** Calls that fill the variable whose address they are given with request input (Go's `c.ShouldBindJSON(&req)`). */
  inputFillers: readonly string[];
  /** Identity for caching value analyses per (file, knowledge). */
  key: string;
}

export function compileKnowledge(language: ProgramLanguage, extraSources: readonly string[] = [], extraSanitizers: readonly string[] = [], extraParameters: readonly ParameterModel[] = []): CompiledKnowledge {
  const key = `${language}|${extraSources.join(',')}|${extraSanitizers.join(',')}${extraParameters.length ? `|${JSON.stringify(extraParameters)}` : ''}`;
  // Most rules add nothing to their language's models: they share one compiled copy (read only).
  let c = compiledByKey.get(key);
  if (c) return c;
  // The others share the language's compiled models and compile only what they add (a
  // JavaScript scan compiles ~15 sets of ~250 patterns otherwise: ~10% of a one-file scan).
  const base = compiledBase(language);
  c = {
    ...base,
    sources: extraSources.length ? [...base.sources, ...extraSources.map(compileChainPattern)] : base.sources,
    sanitizers: extraSanitizers.length ? [...base.sanitizers, ...extraSanitizers.map(compileChainPattern)] : base.sanitizers,
    parameters: extraParameters.length ? [...base.parameters, ...extraParameters.map(compileParameterModel)] : base.parameters,
    key,
  };
  compiledByKey.set(key, c);
  return c;
}

/** The language's models compiled (read only), shared by every CompiledKnowledge of the language. */
function compiledBase(language: ProgramLanguage): Omit<CompiledKnowledge, 'key'> {
  let b = baseByLanguage.get(language);
  if (b) return b;
  const k = knowledgeOf(language);
  b = {
    sources: k.sources.map(compileChainPattern),
    otherMembers: k.otherMembers.map((o) => ({ of: o.of.map(compileChainPattern), except: new Set(o.except) })),
    annotatedSources: new Set(k.annotatedSources),
    boundClasses: new Set(k.boundClasses),
    sanitizers: k.sanitizers.map(compileChainPattern),
    resultArgs: k.resultArgs.map((r) => ({ calls: r.calls.map(compileChainPattern), args: r.args, curried: !!r.curried })),
    resultArgCalls: k.resultArgs.filter((r) => !r.curried).flatMap((r) => r.calls).map(compileChainPattern),
    parameters: k.parameters.map(compileParameterModel),
    instances: new Map(k.instances.flatMap((m) => m.extends.map((b) => [b, m.carries] as const))),
    inputFillers: language === 'go' ? GO_INPUT_FILLERS : [],
  };
  baseByLanguage.set(language, b);
  return b;
}

const compiledByKey = new Map<string, CompiledKnowledge>();
const baseByLanguage = new Map<ProgramLanguage, Omit<CompiledKnowledge, 'key'>>();
