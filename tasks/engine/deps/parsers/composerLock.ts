import { ManifestError, emptyManifest, type ParsedManifest } from '../types';
import { elements, expectObject, lineOf, member, parseJsonDoc, stringValue } from './jsonTree';

/** composer.lock: `packages` and `packages-dev` arrays of {name, version}. */
export function parseComposerLock(text: string): ParsedManifest {
  const doc = parseJsonDoc(text);
  const root = expectObject(doc, 'composer.lock');
  if (!member(root, 'packages')) throw new ManifestError('"packages" is missing: this does not look like a composer.lock', 1);
  const out = emptyManifest();
  for (const section of ['packages', 'packages-dev'] as const) {
    for (const pkg of elements(member(root, section))) {
      const nameNode = member(pkg, 'name');
      const name = stringValue(nameNode);
      if (!name || !nameNode) continue;
      const line = lineOf(doc, nameNode);
      if (stringValue(member(member(pkg, 'dist'), 'type')) === 'path') continue; // local code
      const version = stringValue(member(pkg, 'version'));
      // Branch installs (`dev-main`, `1.x-dev`) have no release to compare.
      if (!version || /^dev-|-dev$/.test(version)) out.unchecked.push({ name, reason: 'a development branch, not a release', line });
      else out.packages.push({ ecosystem: 'Packagist', name, version: version.replace(/^v/i, ''), line, ...(section === 'packages-dev' ? { dev: true } : {}) });
    }
  }
  return out;
}
