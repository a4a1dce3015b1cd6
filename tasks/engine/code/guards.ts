import type { Node } from './syntax';

/**
 * Checks that guard code, read from the syntax alone: whether a branch leaves the function,
 * whether a statement runs on every path before another, and whether a condition pins a name
 * to constant values (`if (p === 'foo.txt')`, `if name in ('a', 'b')`, `ALLOWED.includes(p)`).
 * A value pinned that way cannot carry input, whatever it was assigned.
 */

/** Whether a branch ends by leaving the function: return, raise/throw, or abort/exit calls. */
export function leaves(body: Node): boolean {
  // `if (bad) return;` without braces: the branch is the statement itself.
  const single = /^(return_statement|raise_statement|throw_statement|expression_statement)$/.test(body.type);
  let last: Node | null = single ? body : body.namedChildCount ? body.namedChild(body.namedChildCount - 1) : body;
  // Go wraps a block's statements in a statement_list.
  while (last && last.type === 'statement_list' && last.namedChildCount) last = last.namedChild(last.namedChildCount - 1);
  if (!last) return false;
  return /^(return_statement|raise_statement|throw_statement|throw_expression)$/.test(last.type) || LEAVING_CALL.test(last.text.trim());
}

/**
 * Whether a branch ends by leaving the function or the loop iteration it is in (`continue`,
 * `break`): a guard that runs before a match in the same loop body keeps it from running too.
 */
export function skipsRest(body: Node): boolean {
  if (leaves(body)) return true;
  let last: Node | null = /^(continue_statement|break_statement)$/.test(body.type) ? body : body.namedChildCount ? body.namedChild(body.namedChildCount - 1) : null;
  while (last && last.type === 'statement_list' && last.namedChildCount) last = last.namedChild(last.namedChildCount - 1);
  return !!last && /^(continue_statement|break_statement)$/.test(last.type);
}

/** Calls that end the function or the program: Flask's abort, exits, Go's panics and fatal logs. */
const LEAVING_CALL = /^(?:return|raise|throw)\b|^(?:flask\.)?abort\(|^(?:sys\.)?exit\(|^os\._exit\(|^process\.exit\(|^(?:log\.(?:Fatal|Fatalf|Fatalln|Panic|Panicf|Panicln)|panic|os\.Exit|System\.exit|Environment\.Exit)\(/;

/** Statements a guard may sit in and still run on every path to what follows them. */
const PATH_CONTAINERS = new Set(['block', 'statement_block', 'statement_list', 'try_statement', 'with_statement', 'try_block', 'using_statement', 'compound_statement']);

/**
 * Whether `stmt` always runs before `n`: its ancestors up to the first one that also holds `n`
 * are blocks and `try`/`with` bodies only (a guard inside a loop or another `if` may not run).
 */
export function runsBefore(stmt: Node, n: Node): boolean {
  for (let p = stmt.parent; p; p = p.parent) {
    if (p.startIndex <= n.startIndex && n.endIndex <= p.endIndex) return true;
    if (!PATH_CONTAINERS.has(p.type)) return false;
  }
  return false;
}

const STRING = String.raw`(?:"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|\x60[^\x60$\\]*\x60)`;
const LITERAL = String.raw`(?:${STRING}|-?\d+(?:\.\d+)?)`;
const LITERALS = String.raw`\s*${LITERAL}(?:\s*,\s*${LITERAL})*\s*,?\s*`;
const BRACKETED = String.raw`(?:\[${LITERALS}\]|\(${LITERALS}\)|\{${LITERALS}\})`;

/**
 * A collection written out of literals only, in any of the scanned languages: `['a', 'b']`,
 * `('a', 'b')`, `{'a', 'b'}`, `new Set([...])`, `Set.of(...)`, `List.of(...)`,
 * `Arrays.asList(...)`, `frozenset({...})`, `new[] { ... }`, `new HashSet<string> { ... }`,
 * `[]string{...}`.
 */
const LITERAL_COLLECTION = new RegExp(
  String.raw`^(?:${BRACKETED}|new\s+Set\s*\(\s*\[${LITERALS}\]\s*\)|(?:Set|List|ImmutableSet|ImmutableList)\.of\(${LITERALS}\)|Arrays\.asList\(${LITERALS}\)|(?:frozenset|set|tuple|list)\(\s*${BRACKETED}\s*\)|new\s*(?:[\w.]+\s*(?:<[\w\s,.]*>)?\s*)?(?:\[\s*\])?\s*(?:\(\s*\))?\s*\{${LITERALS}\}|\[\]string\s*\{${LITERALS}\})$`,
);

export function isLiteralCollection(text: string): boolean {
  return text.length <= 4000 && LITERAL_COLLECTION.test(text.trim());
}

export function stripParens(t: string): string {
  let s = t.trim();
  while (s.startsWith('(') && s.endsWith(')') && balancedInside(s)) s = s.slice(1, -1).trim();
  return s;
}

/** Whether the parentheses of `(...)` enclose the whole text (not `(a) && (b)`). */
function balancedInside(s: string): boolean {
  let depth = 0;
  for (let i = 0; i < s.length - 1; i++) {
    if (s[i] === '(') depth++;
    else if (s[i] === ')' && --depth === 0) return false;
  }
  return true;
}

/** Words every form of check has (a comparison, `in`, a membership or equality call): most conditions have none. */
const CHECK_WORDS = /(?:^|[\s(&])!\s*[\w$.]+\s*\)?\s*(?:$|&&)|\bnot\s+[\w$.()]+\s*(?:$|\band\b)|[=!]=|\bin\b|quals|ncludes|\.has\(|hasOwn|ontains|atch|\.test\(|^!?\s*[A-Za-z_$][\w$.]*\[\s*[A-Za-z_$][\w$]*\s*\]$/;

/** Whether a condition may be a check that pins a name (a cheap test before the exact ones). */
export function mayPin(condition: string): boolean {
  return condition.length <= 400 && CHECK_WORDS.test(condition);
}

const NAME = String.raw`([A-Za-z_$][\w$]*)`;
/** Where a check puts the name it tests: beside a comparison with a literal, before `in`, inside a membership or equality call. */
const CANDIDATE_PLACES = [
  new RegExp(String.raw`${NAME}\s*[=!]==?\s*${LITERAL}`, 'g'),
  new RegExp(String.raw`${LITERAL}\s*[=!]==?\s*${NAME}`, 'g'),
  new RegExp(String.raw`${NAME}\s+(?:not\s+)?in\b`, 'g'),
  new RegExp(String.raw`\.(?:equals|equalsIgnoreCase|Equals|includes|has|hasOwnProperty|contains|Contains)\(\s*${NAME}\s*\)`, 'g'),
  new RegExp(String.raw`${NAME}\.(?:equals|equalsIgnoreCase|Equals)\(`, 'g'),
  new RegExp(String.raw`Equals\(\s*${NAME}\s*,`, 'g'),
  new RegExp(String.raw`,\s*${NAME}\s*(?:,[^()]*)?\)`, 'g'),
  new RegExp(String.raw`(?:test|match|search|MatchString|IsMatch|matcher)\(\s*${NAME}\s*[,)]`, 'g'),
  new RegExp(String.raw`${NAME}\.matches\(`, 'g'),
  // A test that the name is empty (`!p`, `not p`), also after a conjunction.
  new RegExp(String.raw`(?:^|[(&]|\band\s)\s*(?:!|not\s+)\s*${NAME}\s*\)?$`, 'g'),
  new RegExp(String.raw`(?:^|[(&]|\band\s)\s*(?:!|not\s+)\s*${NAME}\s*\)?\s*(?:&&|\band\b)`, 'g'),
  // Go: a set written as a map of literal keys to true, indexed by the name (`allowed[p]`).
  new RegExp(String.raw`^!?\s*[A-Za-z_$][\w$.]*\[\s*${NAME}\s*\]$`, 'g'),
];

/** The names a condition may pin: those standing where a check puts the name it tests. */
export function candidateNames(condition: string): Set<string> {
  const out = new Set<string>();
  if (!mayPin(condition)) return out;
  const text = hostChecksAsNames(condition);
  for (const re of CANDIDATE_PLACES) for (const m of text.matchAll(re)) out.add(m[1]);
  return out;
}

/**
 * A URL's host read in a check, written as the URL's name: `u.Host`, `u.getHost()`,
 * `parsed.netloc`, `urlparse(target).netloc`, `new URL(next).hostname` become `u`, `parsed`,
 * `target`, `next`. A URL whose host a check pins to constants cannot send a request, or a
 * redirect, anywhere else; the rest of it still comes from the user, which only these
 * checks overlook.
 */
export function hostChecksAsNames(condition: string): string {
  if (!HOST_WORDS.test(condition)) return condition;
  return condition.replace(INLINE_HOST, (_m, name: string) => name).replace(NAMED_HOST, (_m, name: string) => name);
}

const HOST_WORDS = /host|netloc|Authority|\.origin\b/i;
// (`origin`: a WHATWG URL's scheme, host and port; a message event's sender, whose data a
// check of it vouches for.)
const HOST_PART = String.raw`(?:host|hostname|netloc|Host|Authority|IdnHost|DnsSafeHost|getHost\(\)|Hostname\(\)|origin)`;
// (`new URL(path, base)`: a relative path keeps the base's host, an absolute one brings its own.)
const INLINE_HOST = new RegExp(String.raw`(?:urlparse|urlsplit|new\s+URL|new\s+Uri|new\s+URI|URI\.create)\(\s*([A-Za-z_$][\w$]*)\s*(?:,\s*${STRING}\s*)?\)\.${HOST_PART}(?![\w$])`, 'g');
const NAMED_HOST = new RegExp(String.raw`(?<![\w$.])([A-Za-z_$][\w$]*)\.${HOST_PART}(?![\w$(])`, 'g');

/** The URL a parsed URL was made from: `urlparse(target)`, `new URL(next)`, `url.Parse(raw)` give `target`, `next`, `raw`. */
export function parsedFrom(definition: string): string | undefined {
  return PARSED_FROM.exec(definition.trim())?.[1];
}

const PARSED_FROM = /^(?:urlparse|urlsplit|urllib\.parse\.urlparse|urllib\.parse\.urlsplit|new\s+URL|new\s+Uri|new\s+System\.Uri|new\s+URI|new\s+java\.net\.URI|URI\.create|url\.Parse|url\.ParseRequestURI)\(\s*([A-Za-z_$][\w$]*)\s*[,)]/;

const ID = String.raw`([A-Za-z_$][\w$]*)`;
const LIST_NAME = String.raw`([A-Za-z_$][\w$.]*)`;

/**
 * The ways one check says "this name is one of these constants", each capturing the name
 * tested (compiled once: a regex per name would cost more to compile than to run).
 */
const PINNING_FORMS = [
  new RegExp(String.raw`^${ID}\s*===?\s*${LITERAL}$`),
  new RegExp(String.raw`^${LITERAL}\s*===?\s*${ID}$`),
  new RegExp(String.raw`^${ID}\s+in\s+${BRACKETED}$`),
  new RegExp(String.raw`^${STRING}\.(?:equals|equalsIgnoreCase|Equals)\(\s*${ID}\s*\)$`),
  new RegExp(String.raw`^${ID}\.(?:equals|equalsIgnoreCase|Equals)\(\s*${STRING}\s*\)$`),
  new RegExp(String.raw`^(?:string|String)\.Equals\(\s*${ID}\s*,\s*${STRING}\s*(?:,[^()]*)?\)$`),
  new RegExp(String.raw`^(?:string|String)\.Equals\(\s*${STRING}\s*,\s*${ID}\s*(?:,[^()]*)?\)$`),
  new RegExp(String.raw`^(?:\[${LITERALS}\]|(?:Set|List)\.of\(${LITERALS}\)|Arrays\.asList\(${LITERALS}\))\.(?:includes|contains|Contains)\(\s*${ID}\s*\)$`),
  new RegExp(String.raw`^slices\.Contains\(\s*\[\]string\s*\{${LITERALS}\}\s*,\s*${ID}\s*\)$`),
];

/** Checks against a named list, capturing the name tested and the list's name. */
const LIST_FORMS: { re: RegExp; name: number; list: number }[] = [
  { re: new RegExp(String.raw`^${ID}\s+in\s+${LIST_NAME}$`), name: 1, list: 2 },
  { re: new RegExp(String.raw`^${LIST_NAME}\.(?:includes|has|contains|Contains)\(\s*${ID}\s*\)$`), name: 2, list: 1 },
  { re: new RegExp(String.raw`^slices\.Contains\(\s*${ID}\s*,\s*${ID}\s*\)$`), name: 2, list: 1 },
  // JavaScript's own-key checks of an object used as a set or map of allowed values.
  { re: new RegExp(String.raw`^${LIST_NAME}\.hasOwnProperty\(\s*${ID}\s*\)$`), name: 2, list: 1 },
  { re: new RegExp(String.raw`^(?:Object\.hasOwn|(?:Object\.prototype|\{\s*\})\.hasOwnProperty\.call)\(\s*${LIST_NAME}\s*,\s*${ID}\s*\)$`), name: 2, list: 1 },
];

const NOT_EQUAL = [new RegExp(String.raw`^${ID}\s*!==?\s*${LITERAL}$`), new RegExp(String.raw`^${LITERAL}\s*!==?\s*${ID}$`)];
const NOT_IN = new RegExp(String.raw`^${ID}\s+not\s+in\s+(${BRACKETED}|[A-Za-z_$][\w$.]*)$`);

/**
 * The texts of the values a name is defined with where a check reads it (none when it is not
 * a local or module name with definitions).
 */
export type Definitions = (name: string) => readonly string[];

function isLiteralList(definitions: Definitions, list: string, bareKeys: boolean): boolean {
  const defs = definitions(list);
  // A constant's name (`ALLOWED_HOSTS`, `config.SAFE_TARGETS`) with no value this file shows
  // (imported, or a global): read as the constant it names, as values.ts reads such names.
  if (defs.length === 0) return NAMED_CONSTANT_LIST.test(list);
  return defs.every((d) => isLiteralCollection(d) || hasConstantKeys(d, bareKeys));
}

const NAMED_CONSTANT_LIST = /(?:^|\.)[A-Z][A-Z0-9_]+$/;

/**
 * An object or dict literal whose keys are constants: quoted strings and numbers, and in
 * JavaScript bare names and shorthand properties (`{ home: '/', about: '/about' }`); no spread
 * and no computed key. Membership in it (`k in o`, `o.hasOwnProperty(k)`, `k in d`) holds only
 * for those keys (and, for `in`, the names every object inherits), all of them constants.
 */
export function hasConstantKeys(text: string, bareKeys: boolean): boolean {
  const t = text.trim();
  if (t.length > 4000 || !t.startsWith('{') || !t.endsWith('}')) return false;
  const entries = topLevelEntries(t.slice(1, -1));
  if (!entries) return false;
  let keys = 0;
  for (const raw of entries) {
    const e = raw.trim();
    if (!e) continue;
    const m = OBJECT_KEY.exec(e);
    // A bare name is the key itself only in JavaScript: in Python `{k: v}` keys by k's value, and
    // `{a, b}` is a set of variables.
    if (!m || (m[1] === undefined && !bareKeys)) return false;
    keys++;
  }
  return keys > 0;
}

/** One entry's key: a literal then `:` (group 1), or a bare name then `:`, `(` (a method) or nothing (shorthand). */
const OBJECT_KEY = new RegExp(String.raw`^(?:(${STRING}|\d+)\s*:|[A-Za-z_$][\w$]*\s*(?::|\(|$))`);

/** The text split at commas outside brackets and strings; null when the brackets do not balance. */
function topLevelEntries(text: string): string[] | null {
  return splitTop(text, COMMA);
}

/** A Go map from string literals to `true` (a set): indexing it is true only for those keys. */
const GO_TRUE_SET = new RegExp(String.raw`^map\[string\]bool\s*\{(?:\s*${STRING}\s*:\s*true\s*,?)+\s*\}$`);
const SET_INDEX = new RegExp(String.raw`^${LIST_NAME}\[\s*${ID}\s*\]$`);

function pinsIn(check: string, name: string, definitions: Definitions, bareKeys: boolean): boolean {
  if (!check.includes(name)) return false;
  const indexed = SET_INDEX.exec(check);
  if (indexed && indexed[2] === name) {
    const defs = definitions(indexed[1]);
    if (defs.length > 0 && defs.every((d) => d.length <= 4000 && GO_TRUE_SET.test(d.trim()))) return true;
  }
  for (const re of PINNING_FORMS) if (re.exec(check)?.[1] === name) return true;
  for (const f of LIST_FORMS) {
    const m = f.re.exec(check);
    if (m && m[f.name] === name && isLiteralList(definitions, m[f.list], bareKeys)) return true;
  }
  return matchesSafeToken(check, name, definitions);
}

// --- Allow-list regular expressions ------------------------------------------------------

/**
 * A string literal holding a regular expression, in any scanned language: quoted, Python raw
 * (`r'...'`), C# verbatim (`@"..."`), Go raw (backquotes).
 */
const PATTERN_STRING = String.raw`(?:[rR]?"(?:[^"\\\n]|\\.)*"|[rR]?'(?:[^'\\\n]|\\.)*'|@"(?:[^"]|"")*"|\x60[^\x60]*\x60)`;
/** A JavaScript regular expression literal with its flags. */
const JS_REGEX = String.raw`\/(?:[^/\\\n[]|\\.|\[(?:[^\]\\\n]|\\.)*\])+\/[a-z]*`;

/** Where the pattern must match: in the whole value by itself, from its start, or only where its anchors say. */
type Anchoring = 'full' | 'start' | 'none';

/** Checks of a value against a pattern written in place: [regex, pattern group, name group, anchoring]. */
const INLINE_REGEX_FORMS: [RegExp, number, number, Anchoring | 'python'][] = [
  [new RegExp(String.raw`^(?:re|regex)\.(match|fullmatch|search)\(\s*(${PATTERN_STRING})\s*,\s*${ID}\s*\)(?:\s+is\s+not\s+None)?$`), 2, 3, 'python'],
  [new RegExp(String.raw`^(${JS_REGEX})\.test\(\s*${ID}\s*\)$`), 1, 2, 'none'],
  [new RegExp(String.raw`^${ID}\.matches\(\s*(${PATTERN_STRING})\s*\)$`), 2, 1, 'full'],
  [new RegExp(String.raw`^Pattern\.matches\(\s*(${PATTERN_STRING})\s*,\s*${ID}\s*\)$`), 1, 2, 'full'],
  [new RegExp(String.raw`^regexp\.MustCompile\(\s*(${PATTERN_STRING})\s*\)\.MatchString\(\s*${ID}\s*\)$`), 1, 2, 'none'],
  [new RegExp(String.raw`^regexp\.MatchString\(\s*(${PATTERN_STRING})\s*,\s*${ID}\s*\)$`), 1, 2, 'none'],
  [new RegExp(String.raw`^Regex\.IsMatch\(\s*${ID}\s*,\s*(${PATTERN_STRING})\s*\)$`), 2, 1, 'none'],
];

/** Checks through a pattern defined elsewhere: [regex, pattern-name group, method group, name group]. */
const NAMED_REGEX_FORM = new RegExp(String.raw`^([A-Za-z_$][\w$]*)\.(test|match|fullmatch|search|MatchString|IsMatch)\(\s*${ID}\s*\)(?:\s+is\s+not\s+None)?$`);
const NAMED_MATCHER_FORM = new RegExp(String.raw`^([A-Za-z_$][\w$]*)\.matcher\(\s*${ID}\s*\)\.matches\(\)$`);
/** A compiled pattern's definition: the literal and the constructor around it. */
const PATTERN_DEFINITION = new RegExp(String.raw`^(?:(${JS_REGEX})|(?:new\s+RegExp|re\.compile|regex\.compile|regexp\.MustCompile|Pattern\.compile|new\s+Regex)\(\s*(${PATTERN_STRING})\s*\))$`);

/**
 * Whether the check passes only for values made of letters, digits, `_` and `-`: a regular
 * expression of those characters alone, anchored at both ends (or matched whole by the call).
 * Such a value cannot carry a path, a URL, markup, quotes or shell syntax.
 */
function matchesSafeToken(check: string, name: string, definitions: Definitions): boolean {
  for (const [re, pat, nm, anchoring] of INLINE_REGEX_FORMS) {
    const m = re.exec(check);
    if (!m || m[nm] !== name) continue;
    const how: Anchoring = anchoring === 'python' ? (m[1] === 'fullmatch' ? 'full' : m[1] === 'match' ? 'start' : 'none') : anchoring;
    if (isSafeTokenPattern(m[pat], how)) return true;
  }
  const named = NAMED_REGEX_FORM.exec(check);
  const matcher = named ? null : NAMED_MATCHER_FORM.exec(check);
  const [patternName, method, tested] = named ? [named[1], named[2], named[3]] : matcher ? [matcher[1], 'matches', matcher[2]] : [];
  if (!patternName || tested !== name) return false;
  const how: Anchoring = method === 'matches' || method === 'fullmatch' ? 'full' : method === 'match' ? 'start' : 'none';
  const defs = definitions(patternName);
  return (
    defs.length > 0 &&
    defs.every((d) => {
      const m = PATTERN_DEFINITION.exec(d.trim());
      return !!m && isSafeTokenPattern(m[1] ?? m[2], how);
    })
  );
}

/** Characters an allowed value may hold: letters, digits, `_`, `-`. */
const TOKEN_CLASS_ITEM = /^(?:[A-Za-z0-9_]-[A-Za-z0-9_]|\\[wd-]|[A-Za-z0-9_-])/;

/**
 * Whether a pattern literal (JS `/.../flags` or a string) accepts only values made of token
 * characters. A multi-line flag, any other character or construct (`.`, `\s`, groups,
 * alternatives) answers no.
 */
export function isSafeTokenPattern(literal: string, anchoring: Anchoring): boolean {
  let body: string;
  const js = /^\/(.*)\/([a-z]*)$/s.exec(literal);
  if (js) {
    if (js[2].includes('m')) return false;
    body = js[1];
  } else {
    const q = /^([rR@]?)(["'\x60])([\s\S]*)\2$/.exec(literal);
    if (!q) return false;
    const raw = q[1] !== '' || q[2] === '\x60';
    body = raw ? q[3] : q[3].replace(/\\\\/g, '\\');
  }
  if (body.startsWith('(?m)')) return false;
  let start = false;
  let end = false;
  if (body.startsWith('^') || body.startsWith('\\A')) {
    start = true;
    body = body.slice(body.startsWith('^') ? 1 : 2);
  }
  if (/(?:\$|\\[zZ])$/.test(body) && !/\\\$$/.test(body)) {
    end = true;
    body = body.replace(/(?:\$|\\[zZ])$/, '');
  }
  if (anchoring !== 'full' && !end) return false;
  if (anchoring === 'none' && !start) return false;
  if (!body) return false;
  let i = 0;
  while (i < body.length) {
    if (body[i] === '[') {
      const close = body.indexOf(']', i + 1);
      if (close < 0) return false;
      let inner = body.slice(i + 1, close);
      if (!inner || inner.startsWith('^')) return false;
      while (inner) {
        const m = TOKEN_CLASS_ITEM.exec(inner);
        if (!m) return false;
        if (m[0].length === 3 && m[0][1] === '-' && !sameGroup(m[0][0], m[0][2])) return false;
        inner = inner.slice(m[0].length);
      }
      i = close + 1;
    } else if (body[i] === '\\' && /[wd]/.test(body[i + 1] ?? '')) i += 2;
    else if (/[A-Za-z0-9_-]/.test(body[i])) i++;
    else return false;
    const q = /^(?:[+*?]|\{\d+(?:,\d*)?\})\??/.exec(body.slice(i));
    if (q) i += q[0].length;
  }
  return true;
}

/** Both ends of a class range in the same run (a-z, A-Z, 0-9): `A-z` would take in `[\]^_\``. */
function sameGroup(a: string, b: string): boolean {
  const group = (c: string): number => (/[a-z]/.test(c) ? 1 : /[A-Z]/.test(c) ? 2 : /[0-9]/.test(c) ? 3 : 0);
  return group(a) !== 0 && group(a) === group(b) && a <= b;
}

/**
 * Whether code that runs only when `condition` holds sees `name` holding one of the constants
 * it names: the condition is such a check, or a conjunction (`&&`, `and`) with one. Any `||`
 * or `or` in it, and anything longer than a short condition, answers no.
 */
export function conditionPins(checked: string, name: string, definitions: Definitions, bareKeys = false): boolean {
  if (checked.length > 400 || !checked.includes(name) || !CHECK_WORDS.test(hostChecksAsNames(checked))) return false;
  // `a == 'x' or a == 'y'`: every alternative must pin it; within one, any conjunct may.
  const alternatives = splitTop(stripParens(checked), OR);
  return (
    !!alternatives &&
    alternatives.every((alt) => {
      const conjuncts = splitTop(stripParens(alt), AND);
      return !!conjuncts && conjuncts.some((part) => pinsPart(stripParens(part), name, definitions, bareKeys));
    })
  );
}

/**
 * One conjunct that pins the name: a check of it, or of its URL's host. A check that the host is
 * empty (`not urlparse(u).netloc`, `urlparse(u).netloc == ""`) shows a relative URL only once
 * the URL's backslashes were made slashes: browsers read `/\evil.example` as `//evil.example`,
 * whose host the parser left empty.
 */
function pinsPart(part: string, name: string, definitions: Definitions, bareKeys: boolean): boolean {
  const converted = stripParens(hostChecksAsNames(part));
  if (converted !== part && EMPTY_TEST.test(converted) && !backslashesReplaced(definitions, name)) return false;
  return pinsIn(converted, name, definitions, bareKeys) || FALSY.exec(converted)?.[1] === name;
}

/** A test that the name is empty: falsy values (empty text, none, zero, false) are constants. */
const FALSY = new RegExp(String.raw`^(?:!|not\s+)\s*${ID}$`);
const EMPTY_TEST = /^(?:!|not\s)|(?:""|'')/;
/** `u.replace("\\", "/")` (or replaceAll, or a regex of backslashes) among the URL's definitions, or those of what it was parsed from. */
function backslashesReplaced(definitions: Definitions, name: string): boolean {
  const defs = definitions(name);
  const from = defs.length === 1 ? parsedFrom(defs[0]) : undefined;
  return [...defs, ...(from ? definitions(from) : [])].some((d) => BACKSLASH_REPLACE.test(d));
}
const BACKSLASH_REPLACE = /\.replace(?:All)?\(\s*(?:(['"])\\\\\1|\/\\\\\/g|\/\[\\\\\]\/g)\s*,\s*(['"])\/\2/;

const OR = /^(?:\|\||\bor\b)/;
const AND = /^(?:&&|\band\b)/;
const COMMA = /^,/;

/**
 * `text` split where `op` occurs outside brackets and strings; null when the brackets do not
 * balance (a condition this reading cannot follow).
 */
export function splitTop(text: string, op: RegExp): string[] | null {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  let quote = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = '';
      continue;
    }
    if (c === '"' || c === "'" || c === '`') quote = c;
    else if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') {
      if (--depth < 0) return null;
    } else if (depth === 0 && (c === ',' || c === '|' || c === '&' || ((c === 'o' || c === 'a') && (i === 0 || !/\w/.test(text[i - 1]))))) {
      const m = op.exec(text.slice(i, i + 4));
      if (m) {
        parts.push(text.slice(start, i));
        i += m[0].length - 1;
        start = i + 1;
      }
    }
  }
  if (depth !== 0 || quote) return null;
  parts.push(text.slice(start));
  return parts;
}

/**
 * Whether code that runs only when `condition` fails sees `name` pinned to constants: the
 * condition is the negation of such a check (`p !== 'a'`, `!ALLOWED.includes(p)`,
 * `name not in ('a', 'b')`), or a disjunction of such negations for the same value
 * (`p !== 'a' && p !== 'b'` also fails only for 'a' or 'b'), or a disjunction with one.
 */
export function conditionRejectsOthers(checked: string, name: string, definitions: Definitions, bareKeys = false): boolean {
  if (checked.length > 400 || !checked.includes(name) || !CHECK_WORDS.test(checked)) return false;
  const t = stripParens(hostChecksAsNames(checked));
  const alternatives = splitTop(t, OR);
  if (!alternatives) return false;
  // Where `a || b` fails, both fail: one of them failing may pin the name (`err != nil || u.Host != "x"`).
  if (alternatives.length > 1) return alternatives.some((alt) => allReject(stripParens(alt), name, definitions, bareKeys));
  return allReject(t, name, definitions, bareKeys);
}

/** Where `a && b` fails, one of them does: each must pin the name when it fails. */
function allReject(t: string, name: string, definitions: Definitions, bareKeys: boolean): boolean {
  const negations = splitTop(t, AND)?.map(stripParens);
  return !!negations && negations.every((part) => {
    if (NOT_EQUAL.some((re) => re.exec(part)?.[1] === name)) return true;
    const notIn = NOT_IN.exec(part);
    if (notIn) return notIn[1] === name && (/^[[({]/.test(notIn[2]) || isLiteralList(definitions, notIn[2], bareKeys));
    const m = /^(?:!|not\s+)\s*(.+)$/s.exec(part) ?? /^(.+?)\s+is\s+None$/s.exec(part);
    return !!m && pinsIn(stripParens(m[1]), name, definitions, bareKeys);
  });
}

/**
 * What a value may hold where a test that holds for any character outside a class failed:
 * `/[^A-Za-z0-9_-]/.test(s)` (or `!/^[A-Za-z0-9_-]+$/.test(s)`) is false only when every
 * character of `s` is in the class. 'token': the class has letters, digits, `_` and `-` only, so
 * the value can carry no path, URL, markup, quote or shell syntax. 'shell-word': it also has some
 * of `/ : = . , + @ %`, none of which means anything to a POSIX shell inside a word (a path or a
 * URL still can be made of them). Undefined for any other condition, or a class with any other
 * character (a space, a quote, `$`, `~`, `*`...).
 */
export function unsafeCharTest(condition: string, name: string): 'token' | 'shell-word' | undefined {
  const c = stripParens(condition.trim());
  const m = OUTSIDE_CLASS_TEST.exec(c) ?? ALL_IN_CLASS_NEGATED.exec(c);
  if (!m || m[3] !== name || m[2].includes('m')) return undefined;
  let inner = m[1];
  let shell = false;
  if (!inner) return undefined;
  while (inner) {
    // A range: letters, digits of one run only (`+-=` would take in `;` and `<`).
    if (inner[0] !== '\\' && inner[1] === '-' && inner.length > 2) {
      if (!sameGroup(inner[0], inner[2])) return undefined;
      inner = inner.slice(3);
      continue;
    }
    const t = TOKEN_CLASS_ITEM.exec(inner);
    if (t) {
      if (t[0].length === 3 && t[0][1] === '-' && !sameGroup(t[0][0], t[0][2])) return undefined;
      inner = inner.slice(t[0].length);
      continue;
    }
    const w = SHELL_WORD_ITEM.exec(inner);
    if (!w) return undefined;
    shell = true;
    inner = inner.slice(w[0].length);
    // (`\/-9` is a range too.)
    if (inner.length > 1 && inner[0] === '-') return undefined;
  }
  return shell ? 'shell-word' : 'token';
}

/** `/[^...]/.test(name)`: [class body, flags, name]. */
const OUTSIDE_CLASS_TEST = new RegExp(String.raw`^\/\[\^((?:[^\]\\]|\\.)*)\]\/([a-z]*)\.test\(\s*${ID}\s*\)$`);
/** `!/^[...]+$/.test(name)` (or `*`): [class body, flags, name]. */
const ALL_IN_CLASS_NEGATED = new RegExp(String.raw`^!\s*\/\^\[(?!\^)((?:[^\]\\]|\\.)*)\][+*]\$\/([a-z]*)\.test\(\s*${ID}\s*\)$`);
/** Characters a shell reads as part of a word, written in a class as themselves or escaped. */
const SHELL_WORD_ITEM = /^\\?[/:=.,+@%]/;
