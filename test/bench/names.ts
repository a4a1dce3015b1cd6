import type { Rng } from './prng';

/** Vocabulary for identifiers, comments and prose in the generated corpus. */
export const WORDS = [
  'account', 'address', 'admin', 'alert', 'api', 'app', 'archive', 'audit', 'batch', 'billing',
  'blob', 'branch', 'bucket', 'build', 'cache', 'cart', 'catalog', 'channel', 'check', 'client',
  'cluster', 'code', 'column', 'comment', 'config', 'connection', 'context', 'count', 'customer', 'data',
  'date', 'device', 'document', 'domain', 'draft', 'entry', 'event', 'export', 'feature', 'feed',
  'field', 'file', 'filter', 'flag', 'folder', 'form', 'group', 'handler', 'header', 'health',
  'history', 'host', 'image', 'import', 'index', 'input', 'invoice', 'item', 'job', 'key',
  'label', 'layout', 'limit', 'line', 'link', 'list', 'load', 'locale', 'lock', 'log',
  'mail', 'manager', 'map', 'member', 'message', 'meta', 'metric', 'mode', 'model', 'module',
  'node', 'note', 'notice', 'offset', 'option', 'order', 'owner', 'page', 'panel', 'param',
  'parser', 'path', 'payment', 'peer', 'plan', 'policy', 'pool', 'port', 'post', 'price',
  'profile', 'project', 'queue', 'quota', 'range', 'rate', 'record', 'region', 'release', 'report',
  'request', 'resource', 'response', 'result', 'role', 'route', 'rule', 'schema', 'scope', 'search',
  'server', 'service', 'session', 'setting', 'shard', 'shipment', 'signal', 'size', 'slot', 'source',
  'state', 'status', 'step', 'store', 'stream', 'summary', 'sync', 'table', 'tag', 'task',
  'team', 'template', 'tenant', 'thread', 'ticket', 'timer', 'topic', 'trace', 'user', 'value',
  'vault', 'version', 'view', 'warehouse', 'widget', 'window', 'worker', 'zone',
];

/** Words that make keyword prefilters fire, at roughly the rate real code has them. */
export const HOT_WORDS = ['password', 'secret', 'token', 'credential', 'auth', 'apiKey', 'passphrase', 'pwd'];

export const VERBS = [
  'get', 'set', 'load', 'save', 'update', 'delete', 'create', 'fetch', 'find', 'build', 'parse',
  'format', 'render', 'validate', 'resolve', 'apply', 'merge', 'sync', 'send', 'read', 'write',
  'open', 'close', 'start', 'stop', 'reset', 'compute', 'collect', 'emit', 'handle', 'register',
];

export const PROSE = [
  'the', 'a', 'this', 'that', 'when', 'if', 'then', 'we', 'it', 'is', 'are', 'be', 'not', 'only',
  'each', 'every', 'before', 'after', 'so', 'because', 'returns', 'keeps', 'uses', 'reads',
  'writes', 'calls', 'checks', 'waits', 'for', 'with', 'from', 'into', 'until', 'and', 'or',
];

export function cap(w: string): string {
  return w.charAt(0).toUpperCase() + w.slice(1);
}

export function camel(ws: readonly string[]): string {
  return ws.map((w, i) => (i === 0 ? w.charAt(0).toLowerCase() + w.slice(1) : cap(w))).join('');
}

export function pascal(ws: readonly string[]): string {
  return ws.map(cap).join('');
}

export function snake(ws: readonly string[]): string {
  return ws.map((w) => w.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)).join('_').toLowerCase();
}

export function upper(ws: readonly string[]): string {
  return snake(ws).toUpperCase();
}

export function words(rng: Rng, n: number, hotPermille = 30): string[] {
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(rng.chance(hotPermille) ? rng.pick(HOT_WORDS) : rng.pick(WORDS));
  return out;
}

export function ident(rng: Rng, style: 'camel' | 'pascal' | 'snake' | 'upper', n = rng.range(1, 3), hot = 30): string {
  const ws = words(rng, n, hot);
  switch (style) {
    case 'camel': return camel(ws);
    case 'pascal': return pascal(ws);
    case 'snake': return snake(ws);
    case 'upper': return upper(ws);
  }
}

export function funcName(rng: Rng, style: 'camel' | 'pascal' | 'snake'): string {
  const ws = [rng.pick(VERBS), ...words(rng, rng.range(1, 2))];
  return style === 'camel' ? camel(ws) : style === 'pascal' ? pascal(ws) : snake(ws);
}

export function sentence(rng: Rng, n = rng.range(5, 14)): string {
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(rng.chance(450) ? rng.pick(WORDS) : rng.pick(PROSE));
  const s = out.join(' ');
  return cap(s) + '.';
}
