/**
 * Fault injection: the failures Palisade must survive in production (throttling, 5xx, slow or
 * dropped connections, concurrent writers), applied to chosen requests. Rules are set per test
 * through {@link Faults}, over HTTP at `/_emulator/faults`, or at start-up from the environment
 * (`PALISADE_EMULATOR_FAULTS`, `PALISADE_EMULATOR_LATENCY_MS`).
 */

export type FaultKind = 'status' | 'rateLimit' | 'latency' | 'drop' | 'etagConflict' | 'headers';

export interface FaultRule {
  kind: FaultKind;
  /** `POST`, `POST|PATCH`, or omitted for any method. */
  method?: string;
  /**
   * Glob on the decoded request path (`/{org}/{project}/_apis/...`), case-insensitive: `*`
   * stays within a segment, `**` crosses segments. Omitted means every API path.
   */
  path?: string | RegExp;
  /** Let this many matching requests through before the rule starts to apply. */
  skip?: number;
  /** Number of requests the rule applies to; omitted means until removed. */
  count?: number;
  /** `status`: the status code to answer (default 500). */
  status?: number;
  /** `rateLimit` (default 1) and `status` 503: seconds for `Retry-After`. */
  retryAfter?: number;
  /** `latency`: delay before the request is handled normally. */
  latencyMs?: number;
  /**
   * `rateLimit`: `X-RateLimit-Delay`, seconds the service already held the request (default 0;
   * Microsoft Learn "Rate and usage limits").
   */
  delay?: number;
  /** `rateLimit`: seconds until `X-RateLimit-Reset`, when usage is back to zero (default `retryAfter`). */
  resetIn?: number;
  /**
   * Extra response headers for `status` and `rateLimit`; for `headers`, the headers added to an
   * otherwise normal answer (throttling hints on a served request).
   */
  headers?: Record<string, string>;
}

export interface ActiveFault {
  readonly id: number;
  readonly rule: Readonly<FaultRule>;
  /** Requests the rule has been applied to. */
  readonly hits: number;
  readonly exhausted: boolean;
  remove(): void;
}

type Selector = Pick<FaultRule, 'method' | 'path' | 'skip' | 'count'>;

interface Entry {
  id: number;
  rule: FaultRule;
  pattern: RegExp;
  methods: string[] | undefined;
  seen: number;
  hits: number;
}

/** The effects of the rules matching one request. */
export interface FaultPlan {
  latencyMs: number;
  /** A rule that answers instead of the route (status, rateLimit or drop). */
  terminal?: FaultRule;
  /** Set when the next extension data write must fail as if another writer won the race. */
  etagConflict: boolean;
  /** Headers added to a served answer (`headers` rules). */
  headers: Record<string, string>;
}

const DOCUMENT_WRITES = '**/_apis/ExtensionManagement/InstalledExtensions/*/*/Data/**';

export class Faults {
  private entries: Entry[] = [];
  private nextId = 1;

  add(rule: FaultRule): ActiveFault {
    const entry: Entry = {
      id: this.nextId++,
      rule: { ...rule },
      pattern: toPattern(rule.path),
      methods: rule.method?.split('|').map((m) => m.trim().toUpperCase()).filter(Boolean),
      seen: 0,
      hits: 0,
    };
    this.entries.push(entry);
    const faults = this;
    return {
      id: entry.id,
      rule: entry.rule,
      get hits() { return entry.hits; },
      get exhausted() { return entry.rule.count !== undefined && entry.hits >= entry.rule.count; },
      remove() { faults.entries = faults.entries.filter((e) => e !== entry); },
    };
  }

  /** 429 with `Retry-After` and the `X-RateLimit-*` headers the service sends when throttling. */
  rateLimit(opts: Selector & Pick<FaultRule, 'retryAfter' | 'delay' | 'resetIn' | 'headers'> = {}): ActiveFault {
    return this.add({ kind: 'rateLimit', ...opts });
  }

  /** Serves the request normally with extra headers (e.g. `X-RateLimit-*` on a 200). */
  headers(headers: Record<string, string>, opts: Selector = {}): ActiveFault {
    return this.add({ kind: 'headers', headers, ...opts });
  }

  serverError(status: 500 | 502 | 503 | 504 = 500, opts: Selector & Pick<FaultRule, 'retryAfter' | 'headers'> = {}): ActiveFault {
    return this.add({ kind: 'status', status, ...opts });
  }

  latency(ms: number, opts: Selector = {}): ActiveFault {
    return this.add({ kind: 'latency', latencyMs: ms, ...opts });
  }

  /** Destroys the socket without answering: the client sees ECONNRESET / "socket hang up". */
  dropConnection(opts: Selector = {}): ActiveFault {
    return this.add({ kind: 'drop', ...opts });
  }

  /**
   * The next `n` extension data writes fail with 400 (InvalidDocumentVersionException) as if another writer had just changed the
   * document (its etag moves on, its content stays), so a client that re-reads and retries wins.
   */
  etagConflicts(n: number, opts: Omit<Selector, 'count'> = {}): ActiveFault {
    return this.add({ kind: 'etagConflict', path: DOCUMENT_WRITES, method: 'POST|PUT|PATCH|DELETE', ...opts, count: n });
  }

  list(): ActiveFault[] {
    return this.entries.map((e) => ({
      id: e.id, rule: e.rule, hits: e.hits,
      exhausted: e.rule.count !== undefined && e.hits >= e.rule.count,
      remove: () => { this.entries = this.entries.filter((x) => x !== e); },
    }));
  }

  clear(): void {
    this.entries = [];
  }

  /** Decides (and counts) what happens to one request. */
  plan(method: string, path: string): FaultPlan {
    const plan: FaultPlan = { latencyMs: 0, etagConflict: false, headers: {} };
    for (const e of this.entries) {
      if (e.rule.count !== undefined && e.hits >= e.rule.count) continue;
      if (e.methods && !e.methods.includes(method)) continue;
      if (!e.pattern.test(path)) continue;
      if (e.rule.kind === 'latency') {
        if (!this.take(e)) continue;
        plan.latencyMs += e.rule.latencyMs ?? 0;
      } else if (e.rule.kind === 'etagConflict') {
        if (plan.etagConflict || !this.take(e)) continue;
        plan.etagConflict = true;
      } else if (e.rule.kind === 'headers') {
        if (!this.take(e)) continue;
        Object.assign(plan.headers, e.rule.headers ?? {});
      } else if (!plan.terminal) {
        if (!this.take(e)) continue;
        plan.terminal = e.rule;
      }
    }
    return plan;
  }

  private take(e: Entry): boolean {
    e.seen++;
    if (e.seen <= (e.rule.skip ?? 0)) return false;
    e.hits++;
    return true;
  }
}

function toPattern(path: string | RegExp | undefined): RegExp {
  if (path instanceof RegExp) return path;
  if (!path) return /.*/;
  let re = '';
  for (let i = 0; i < path.length; i++) {
    const c = path[i];
    if (c === '*' && path[i + 1] === '*') {
      re += '.*';
      i++;
    } else if (c === '*') {
      re += '[^/]*';
    } else {
      re += c.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
    }
  }
  return new RegExp(`^${re}$`, 'i');
}

/** Rules from `PALISADE_EMULATOR_FAULTS` (a JSON array of {@link FaultRule}) and `PALISADE_EMULATOR_LATENCY_MS`. */
export function faultRulesFromEnv(env: NodeJS.ProcessEnv = process.env): FaultRule[] {
  const rules: FaultRule[] = [];
  const raw = env.PALISADE_EMULATOR_FAULTS;
  if (raw) {
    const parsed: unknown = JSON.parse(raw);
    if (!Array.isArray(parsed)) throw new Error('PALISADE_EMULATOR_FAULTS must be a JSON array of fault rules');
    for (const r of parsed) rules.push(validateRule(r));
  }
  const latency = env.PALISADE_EMULATOR_LATENCY_MS;
  if (latency) {
    const ms = Number(latency);
    if (!Number.isFinite(ms) || ms < 0) throw new Error(`PALISADE_EMULATOR_LATENCY_MS must be a number of milliseconds, not "${latency}"`);
    rules.push({ kind: 'latency', latencyMs: ms, path: '**/_apis/**' });
  }
  return rules;
}

const KINDS: readonly FaultKind[] = ['status', 'rateLimit', 'latency', 'drop', 'etagConflict', 'headers'];

export function validateRule(value: unknown): FaultRule {
  if (typeof value !== 'object' || value === null) throw new Error('a fault rule must be an object');
  const r = value as Record<string, unknown>;
  if (!KINDS.includes(r.kind as FaultKind)) throw new Error(`fault rule kind must be one of ${KINDS.join(', ')}`);
  for (const k of ['skip', 'count', 'status', 'retryAfter', 'latencyMs', 'delay', 'resetIn']) {
    if (r[k] !== undefined && typeof r[k] !== 'number') throw new Error(`fault rule ${k} must be a number`);
  }
  for (const k of ['method', 'path']) {
    if (r[k] !== undefined && typeof r[k] !== 'string') throw new Error(`fault rule ${k} must be a string`);
  }
  if (r.kind === 'etagConflict') {
    return { path: DOCUMENT_WRITES, method: 'POST|PUT|PATCH|DELETE', ...(r as unknown as FaultRule) };
  }
  return r as unknown as FaultRule;
}
