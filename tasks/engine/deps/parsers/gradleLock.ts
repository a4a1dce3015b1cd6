import { ManifestError, emptyManifest, type ParsedManifest } from '../types';

/** Gradle dependency lockfiles: `group:artifact:version=configuration,...` per line. */
export function parseGradleLock(text: string): ParsedManifest {
  const out = emptyManifest();
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i].trim();
    if (!l || l.startsWith('#') || /^empty=/.test(l)) continue;
    const m = /^([^:=\s]+):([^:=\s]+):([^:=\s]+)(?:=.*)?$/.exec(l);
    if (!m) throw new ManifestError(`line ${i + 1} is not "group:artifact:version=configurations"`, i + 1);
    out.packages.push({ ecosystem: 'Maven', name: `${m[1]}:${m[2]}`, version: m[3], line: i + 1 });
  }
  return out;
}
