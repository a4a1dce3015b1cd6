import { ManifestError, emptyManifest, type ParsedManifest } from '../types';
import { expectObject, lineOf, member, members, parseJsonDoc, stringValue } from './jsonTree';

/** Pipenv's Pipfile.lock: `default` and `develop` maps of name -> {version: "==x"}. */
export function parsePipfileLock(text: string): ParsedManifest {
  const doc = parseJsonDoc(text);
  const root = expectObject(doc, 'Pipfile.lock');
  if (!member(root, 'default') && !member(root, 'develop')) {
    throw new ManifestError('neither "default" nor "develop" is present: this does not look like a Pipfile.lock', 1);
  }
  const out = emptyManifest();
  for (const section of ['default', 'develop'] as const) {
    for (const { key, keyNode, value } of members(member(root, section))) {
      const line = lineOf(doc, keyNode);
      if (member(value, 'path') || member(value, 'file')) continue; // local code
      const version = stringValue(member(value, 'version'));
      const pin = version && /^===?\s*(\S+)$/.exec(version);
      if (member(value, 'git')) out.unchecked.push({ name: key, reason: 'from a git repository', line });
      else if (!pin) out.unchecked.push({ name: key, reason: 'no pinned version', line });
      else out.packages.push({ ecosystem: 'PyPI', name: key, version: pin[1], line, ...(section === 'develop' ? { dev: true } : {}) });
    }
  }
  return out;
}
