import { compileChainPattern, type ChainPattern } from './chains';
import type { ProgramLanguage } from './codeRuleSpec';

/**
 * What each language's web frameworks hand a handler as request input (sources), and calls
 * whose result cannot carry an injection payload whatever their input (sanitisers: number and
 * identifier parsing, URL-component encoding). Rules may add their own on top.
 */
export interface LanguageKnowledge {
  /** Chain patterns; an expression whose chain starts with one of them is request input. */
  sources: readonly string[];
  /** Parameters carrying one of these annotations / attributes / decorators are request input. */
  annotatedSources: readonly string[];
  /** Chain patterns of calls whose result is trusted. */
  sanitizers: readonly string[];
}

const JS: LanguageKnowledge = {
  sources: [
    ...['req', 'request'].flatMap((r) => ['query', 'body', 'params', 'headers', 'cookies', 'signedCookies', 'url', 'originalUrl', 'path', 'payload'].map((m) => `${r}.${m}`)),
    // `request.get()` is also the `request` HTTP client, so only Express's conventional `req`.
    'req.get()', 'req.header()', 'req.param()',
    'ctx.query', 'ctx.params', 'ctx.querystring', 'ctx.headers', 'ctx.request.body', 'ctx.request.query', 'ctx.request.headers', 'ctx.cookies.get()', 'ctx.get()',
    'event.queryStringParameters', 'event.multiValueQueryStringParameters', 'event.pathParameters', 'event.body', 'event.headers',
    'location.search', 'location.hash', 'location.href', 'location.pathname',
    'window.location.search', 'window.location.hash', 'window.location.href', 'window.location.pathname',
    'document.location.search', 'document.location.hash', 'document.location.href',
    'document.URL', 'document.documentURI', 'document.referrer', 'document.cookie', 'window.name',
  ],
  annotatedSources: ['Query', 'Body', 'Param', 'Headers', 'Req', 'Request'],
  sanitizers: ['parseInt()', 'parseFloat()', 'Number()', 'Boolean()', 'Math.*()', 'encodeURIComponent()', 'Number.parseInt()', 'Number.parseFloat()', 'validator.isInt()', 'validator.isUUID()'],
};

const PY: LanguageKnowledge = {
  sources: [
    ...['args', 'form', 'values', 'json', 'data', 'files', 'cookies', 'headers', 'get_json()', 'get_data()', 'url', 'full_path', 'query_string', 'view_args',
      'GET', 'POST', 'body', 'COOKIES', 'META', 'FILES', 'query_params', 'path_params', 'json()', 'form()', 'body()'].map((m) => `**.request.${m}`),
    '**.get_argument()', '**.get_query_argument()', '**.get_body_argument()', '**.get_arguments()',
  ],
  annotatedSources: [],
  sanitizers: ['int()', 'float()', 'bool()', 'len()', 'uuid.UUID()', 'urllib.parse.quote()', 'quote()'],
};

const CS: LanguageKnowledge = {
  sources: ['Query', 'Form', 'QueryString', 'Params', 'Headers', 'Cookies', 'Body', 'Path', 'RawUrl', 'Url', 'RouteValues', 'PathBase', '[]'].map((m) => `**.Request.${m}`),
  annotatedSources: ['FromQuery', 'FromBody', 'FromForm', 'FromRoute', 'FromHeader'],
  sanitizers: ['int.Parse()', 'long.Parse()', 'Guid.Parse()', 'int.TryParse()', 'Int32.Parse()', 'Int64.Parse()', 'Convert.ToInt32()', 'Convert.ToInt64()', 'Convert.ToBoolean()', 'Uri.EscapeDataString()', 'HttpUtility.UrlEncode()', 'WebUtility.UrlEncode()'],
};

const JAVA: LanguageKnowledge = {
  sources: ['getParameter()', 'getParameterValues()', 'getParameterMap()', 'getParameterNames()', 'getHeader()', 'getHeaders()', 'getQueryString()', 'getCookies()', 'getInputStream()', 'getReader()', 'getRequestURI()', 'getRequestURL()', 'getPathInfo()', 'getPart()', 'getParts()'].map((m) => `**.${m}`),
  annotatedSources: ['RequestParam', 'PathVariable', 'RequestBody', 'RequestHeader', 'CookieValue', 'ModelAttribute', 'QueryParam', 'PathParam', 'FormParam', 'HeaderParam', 'CookieParam', 'MatrixParam'],
  sanitizers: ['Integer.parseInt()', 'Integer.valueOf()', 'Long.parseLong()', 'Long.valueOf()', 'Double.parseDouble()', 'Boolean.parseBoolean()', 'UUID.fromString()', 'URLEncoder.encode()'],
};

const GO: LanguageKnowledge = {
  sources: [
    ...['URL', 'Form', 'PostForm', 'MultipartForm', 'Header', 'Body', 'RequestURI', 'Host', 'FormValue()', 'PostFormValue()', 'FormFile()', 'Cookie()', 'Cookies()', 'Referer()', 'UserAgent()'].map((m) => `@http.Request.${m}`),
    ...['Query()', 'DefaultQuery()', 'GetQuery()', 'QueryArray()', 'QueryMap()', 'Param()', 'PostForm()', 'DefaultPostForm()', 'GetPostForm()', 'GetHeader()', 'Cookie()', 'Request', 'FullPath()'].map((m) => `@gin.Context.${m}`),
    ...['QueryParam()', 'QueryParams()', 'FormValue()', 'FormParams()', 'Param()', 'Request()', 'Cookie()'].map((m) => `@echo.Context.${m}`),
    ...['Query()', 'Params()', 'FormValue()', 'Get()', 'Body()', 'Cookies()', 'OriginalURL()'].map((m) => `@fiber.Ctx.${m}`),
    'github.com/gorilla/mux.Vars()',
  ],
  annotatedSources: [],
  sanitizers: ['strconv.Atoi()', 'strconv.ParseInt()', 'strconv.ParseUint()', 'strconv.ParseFloat()', 'strconv.ParseBool()', 'net/url.QueryEscape()', 'net/url.PathEscape()', 'github.com/google/uuid.Parse()'],
};

const BY_LANGUAGE: Record<ProgramLanguage, LanguageKnowledge> = {
  javascript: JS,
  typescript: JS,
  python: PY,
  csharp: CS,
  razor: CS,
  java: JAVA,
  go: GO,
};

export function knowledgeOf(language: ProgramLanguage): LanguageKnowledge {
  return BY_LANGUAGE[language];
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
  'String', 'string', 'str', 'bytes', 'bytearray', 'byte', 'from', 'valueOf', 'toString', 'ToString', 'Convert.ToString',
  'parse', 'loads', 'load', 'decode', 'b64decode', 'urlsafe_b64decode', 'atob', 'unquote', 'unquote_plus', 'Unescape', 'QueryUnescape', 'PathUnescape',
  'decodeURIComponent', 'decodeURI', 'UrlDecode', 'UnescapeDataString', 'GetBytes', 'getBytes', 'DecodeString', 'Parse',
  'TrimSpace', 'ToLower', 'ToUpper', 'Trim', 'TrimPrefix', 'TrimSuffix', 'Replace', 'ReplaceAll', 'Title', 'dumps', 'stringify', 'fromCharCode',
  'encode', 'encodeToString', 'encodeBase64', 'decodeBase64', 'b64encode', 'urlsafe_b64encode', 'btoa', 'EncodeToString', 'ToBase64String', 'FromBase64String',
  'URL', 'Uri', 'URLSearchParams', 'Path', 'PurePath', 'get', 'Get', 'getlist', 'items', 'values', 'keys', 'split', 'Split', 'Fields',
]);

/** Members whose value is a number or boolean whatever the object (`s.length`). */
export const NUMERIC_MEMBERS = new Set(['length', 'Length', 'Count', 'size', 'Size', 'len']);

export interface CompiledKnowledge {
  sources: ChainPattern[];
  annotatedSources: ReadonlySet<string>;
  sanitizers: ChainPattern[];
  /** Identity for caching value analyses per (file, knowledge). */
  key: string;
}

export function compileKnowledge(language: ProgramLanguage, extraSources: readonly string[] = [], extraSanitizers: readonly string[] = []): CompiledKnowledge {
  const k = knowledgeOf(language);
  return {
    sources: [...k.sources, ...extraSources].map(compileChainPattern),
    annotatedSources: new Set(k.annotatedSources),
    sanitizers: [...k.sanitizers, ...extraSanitizers].map(compileChainPattern),
    key: `${language}|${extraSources.join(',')}|${extraSanitizers.join(',')}`,
  };
}
