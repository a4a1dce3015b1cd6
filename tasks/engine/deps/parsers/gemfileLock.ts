import { ManifestError, emptyManifest, type ParsedManifest } from '../types';

/**
 * Bundler's Gemfile.lock: under `GEM` / `specs:`, each resolved gem is `    name (version)`
 * at four spaces (a platform may follow the version: `1.13.0-x86_64-linux`); six-space lines
 * below it are its own requirements. `GIT` and `PATH` sections hold gems not from RubyGems.
 */
export function parseGemfileLock(text: string): ParsedManifest {
  const out = emptyManifest();
  const lines = text.split(/\r?\n/);
  let section = '';
  let inSpecs = false;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    const lineNo = i + 1;
    if (/^(<<<<<<<|=======|>>>>>>>)/.test(l)) throw new ManifestError(`line ${lineNo} is a merge-conflict marker`, lineNo);
    if (!l.trim()) continue;
    if (/^\S/.test(l)) {
      section = l.trim();
      inSpecs = false;
      continue;
    }
    if (/^ {2}specs:\s*$/.test(l)) {
      inSpecs = true;
      continue;
    }
    if (!inSpecs || !/^ {4}\S/.test(l)) continue;
    const m = /^ {4}([^\s(]+) \(([^)\s]+)\)\s*$/.exec(l);
    if (!m) throw new ManifestError(`line ${lineNo} is not "name (version)" in a specs list`, lineNo);
    const [, name, full] = m;
    if (section !== 'GEM') {
      out.unchecked.push({ name, reason: `from a ${section} source, not RubyGems`, line: lineNo });
      continue;
    }
    // Gem versions contain no `-`; what follows it is the platform.
    out.packages.push({ ecosystem: 'RubyGems', name, version: full.split('-')[0], line: lineNo });
  }
  return out;
}
