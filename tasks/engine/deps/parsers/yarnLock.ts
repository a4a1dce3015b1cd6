import { parse as parseClassic } from '@yarnpkg/lockfile';
import semver from 'semver';
import { LineCounter, parseDocument, isMap, isScalar, type Pair } from 'yaml';
import { ManifestError, emptyManifest, type ParsedManifest } from '../types';

/**
 * yarn.lock in both shapes: Yarn 1 ("classic") writes its own format, read with Yarn's own
 * parser (@yarnpkg/lockfile); Yarn 2+ ("berry") writes YAML with a `__metadata` entry, read
 * with the yaml library, which also gives each entry's line.
 */
export function parseYarnLock(text: string): ParsedManifest {
  return /^__metadata:/m.test(text) ? parseBerry(text) : parseClassicLock(text);
}

/** `@scope/name@range` -> `@scope/name`; an `npm:` alias range names the real package. */
function splitDescriptor(descriptor: string): { name: string; range: string } {
  const at = descriptor.indexOf('@', 1);
  if (at === -1) return { name: descriptor, range: '' };
  const name = descriptor.slice(0, at);
  const range = descriptor.slice(at + 1);
  const alias = /^npm:((?:@[^/@]+\/)?[^@]+)@/.exec(range);
  return alias ? { name: alias[1], range } : { name, range };
}

function parseClassicLock(text: string): ParsedManifest {
  if (/^(<<<<<<<|>>>>>>>)/m.test(text)) throw new ManifestError('has unresolved merge-conflict markers');
  let parsed: { type: string; object: Record<string, Record<string, unknown>> };
  try {
    parsed = parseClassic(text);
  } catch (e) {
    const pos = /(\d+):(\d+) in lockfile/.exec((e as Error).message);
    const line = pos ? Number(pos[1]) : undefined;
    throw new ManifestError(`invalid yarn.lock${line ? ` at line ${line}` : ''}: ${(e as Error).message.replace(/\s+\d+:\d+ in lockfile$/, '')}`, line);
  }
  const headerLines = classicHeaderLines(text);
  const out = emptyManifest();
  for (const [descriptor, entry] of Object.entries(parsed.object)) {
    if (typeof entry !== 'object' || entry === null) continue;
    const { name } = splitDescriptor(descriptor);
    const line = headerLines.get(descriptor) ?? 1;
    const version = typeof entry.version === 'string' ? entry.version : undefined;
    const resolved = typeof entry.resolved === 'string' ? entry.resolved : '';
    if (resolved.startsWith('file:') || splitDescriptor(descriptor).range.startsWith('file:')) continue;
    if (!version) out.unchecked.push({ name, reason: 'no version in the lockfile', line });
    else if (!semver.valid(version)) out.unchecked.push({ name, reason: 'not a registry version', line });
    else out.packages.push({ ecosystem: 'npm', name, version, line });
  }
  return out;
}

/** Maps each descriptor to the line of its entry header (`"a@^1", a@^1.2:`). */
function classicHeaderLines(text: string): Map<string, number> {
  const map = new Map<string, number>();
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    if (!l || /^[\s#]/.test(l) || !l.trimEnd().endsWith(':')) continue;
    for (const part of l.trimEnd().slice(0, -1).split(/,\s*/)) map.set(part.trim().replace(/^"|"$/g, ''), i + 1);
  }
  return map;
}

function parseBerry(text: string): ParsedManifest {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false });
  if (doc.errors.length) {
    const line = counter.linePos(doc.errors[0].pos[0]).line;
    throw new ManifestError(`invalid yarn.lock (YAML) at line ${line}: ${doc.errors[0].message.split('\n')[0]}`, line);
  }
  if (!isMap(doc.contents)) throw new ManifestError('expected a map of package entries');
  const out = emptyManifest();
  for (const pair of doc.contents.items as Pair[]) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    if (key === '__metadata' || !isMap(pair.value)) continue;
    const line = counter.linePos((pair.key as { range?: [number, number, number] }).range?.[0] ?? 0).line;
    const version = pair.value.get('version');
    const resolution = pair.value.get('resolution');
    const descriptor = typeof resolution === 'string' ? resolution : key.split(/,\s*/)[0];
    const at = descriptor.indexOf('@', 1);
    const name = at === -1 ? descriptor : descriptor.slice(0, at);
    const protocol = at === -1 ? '' : descriptor.slice(at + 1);
    // workspace:, link:, portal:, file: are the project's own code; patch: wraps a registry package.
    if (/^(workspace|link|portal|file):/.test(protocol)) continue;
    if (!/^(npm|patch):/.test(protocol)) {
      out.unchecked.push({ name, reason: 'not a registry package (git or URL dependency)', line });
      continue;
    }
    const v = typeof version === 'string' ? version : typeof version === 'number' ? String(version) : undefined;
    if (!v || !semver.valid(v)) out.unchecked.push({ name, reason: 'no registry version in the lockfile', line });
    else out.packages.push({ ecosystem: 'npm', name, version: v, line });
  }
  return out;
}
