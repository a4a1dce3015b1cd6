import { sign, type VersionOrdering } from './ordering';

/**
 * Maven version order as Maven's ComparableVersion defines it: the version is split into
 * numbers and qualifiers at `.`, `-` and digit/letter transitions, where `-` and transitions
 * open a nested list; trailing zeros and release qualifiers (`ga`, `final`, `release`) are
 * dropped; known qualifiers order alpha < beta < milestone < rc < snapshot < (release) < sp,
 * and unknown qualifiers sort after them, alphabetically. No maintained JS port exists.
 * Every string is a valid Maven version.
 */
export const mavenOrdering: VersionOrdering = {
  name: 'Maven',
  valid: (v) => v.trim().length > 0,
  compare: (a, b) => compareItems(parseVersion(a), parseVersion(b)),
};

type Item = { kind: 'int'; value: bigint } | { kind: 'string'; value: string } | { kind: 'list'; items: Item[] };

const QUALIFIERS = ['alpha', 'beta', 'milestone', 'rc', 'snapshot', '', 'sp'];
const ALIASES: Record<string, string> = { ga: '', final: '', release: '', cr: 'rc' };
const RELEASE_INDEX = String(QUALIFIERS.indexOf(''));

function stringItem(raw: string, followedByDigit: boolean): Item {
  let value = raw;
  if (followedByDigit && value.length === 1) {
    if (value === 'a') value = 'alpha';
    else if (value === 'b') value = 'beta';
    else if (value === 'm') value = 'milestone';
  }
  return { kind: 'string', value: ALIASES[value] ?? value };
}

function parseItem(isDigit: boolean, s: string): Item {
  return isDigit ? { kind: 'int', value: BigInt(s) } : stringItem(s, false);
}

function parseVersion(version: string): Item {
  const v = version.trim().toLowerCase();
  const root: Item & { kind: 'list' } = { kind: 'list', items: [] };
  let list = root;
  const stack: (Item & { kind: 'list' })[] = [root];
  let isDigit = false;
  let start = 0;
  const openList = () => {
    const next: Item & { kind: 'list' } = { kind: 'list', items: [] };
    list.items.push(next);
    list = next;
    stack.push(next);
  };
  for (let i = 0; i < v.length; i++) {
    const c = v[i];
    if (c === '.') {
      list.items.push(i === start ? { kind: 'int', value: 0n } : parseItem(isDigit, v.slice(start, i)));
      start = i + 1;
    } else if (c === '-') {
      list.items.push(i === start ? { kind: 'int', value: 0n } : parseItem(isDigit, v.slice(start, i)));
      start = i + 1;
      openList();
    } else if (c >= '0' && c <= '9') {
      if (!isDigit && i > start) {
        list.items.push(stringItem(v.slice(start, i), true));
        start = i;
        openList();
      }
      isDigit = true;
    } else {
      if (isDigit && i > start) {
        list.items.push(parseItem(true, v.slice(start, i)));
        start = i;
        openList();
      }
      isDigit = false;
    }
  }
  if (v.length > start) list.items.push(parseItem(isDigit, v.slice(start)));
  while (stack.length) normalize(stack.pop() as Item & { kind: 'list' });
  return root;
}

function isNull(item: Item): boolean {
  if (item.kind === 'int') return item.value === 0n;
  if (item.kind === 'string') return item.value === '';
  return item.items.length === 0;
}

/** Drops trailing "null" items (0, release qualifiers, empty lists) up to the last nested list. */
function normalize(list: Item & { kind: 'list' }): void {
  for (let i = list.items.length - 1; i >= 0; i--) {
    const last = list.items[i];
    if (isNull(last)) list.items.splice(i, 1);
    else if (last.kind !== 'list') break;
  }
}

function qualifierKey(q: string): string {
  const i = QUALIFIERS.indexOf(q);
  return i === -1 ? `${QUALIFIERS.length}-${q}` : String(i);
}

function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `b` undefined stands for "nothing left on that side", as Maven's `compareTo(null)`. */
function compareItems(a: Item, b: Item | undefined): number {
  if (a.kind === 'int') {
    if (!b) return a.value === 0n ? 0 : 1;
    if (b.kind === 'int') return a.value < b.value ? -1 : a.value > b.value ? 1 : 0;
    return 1;
  }
  if (a.kind === 'string') {
    if (!b) return compareKeys(qualifierKey(a.value), RELEASE_INDEX);
    if (b.kind === 'int' || b.kind === 'list') return -1;
    return compareKeys(qualifierKey(a.value), qualifierKey(b.value));
  }
  if (!b) return a.items.length === 0 ? 0 : compareItems(a.items[0], undefined);
  if (b.kind === 'int') return -1;
  if (b.kind === 'string') return 1;
  const len = Math.max(a.items.length, b.items.length);
  for (let i = 0; i < len; i++) {
    const l = a.items[i];
    const r = b.items[i];
    const c = l === undefined ? (r === undefined ? 0 : -compareItems(r, undefined)) : compareItems(l, r);
    if (c) return sign(c);
  }
  return 0;
}
