import { emptyManifest, type ParsedManifest } from '../types';

/**
 * pip requirements files. Only `name==version` (or `===`) pins name an exact version; other
 * specifiers are listed as unchecked. Options (`-r`, `--hash`, index URLs), editable and URL
 * requirements are not PyPI pins; URLs are never echoed because they may carry credentials.
 */
export function parsePipRequirements(text: string): ParsedManifest {
  const out = emptyManifest();
  for (const { line, content } of logicalLines(text)) {
    const req = stripComment(content).trim();
    const include = /^(?:-r|--requirement)[\s=]+(\S+)/.exec(req);
    if (include && !isRequirementsFileName(include[1])) {
      const name = include[1].includes('://') ? `(line ${line})` : include[1];
      out.unchecked.push({ name, reason: 'included file is not named requirements*.txt, so it is not scanned', line });
      continue;
    }
    if (!req || req.startsWith('-')) continue;
    const m = /^([A-Za-z0-9][A-Za-z0-9._-]*)\s*(\[[^\]]*\])?\s*(.*)$/.exec(req);
    if (m && m[3].startsWith('@')) {
      out.unchecked.push({ name: m[1], reason: 'direct URL reference', line });
      continue;
    }
    if (!m || /^[./\\~]/.test(req) || req.includes('://')) {
      out.unchecked.push({ name: `(line ${line})`, reason: 'not a PyPI requirement (URL or path)', line });
      continue;
    }
    const name = m[1];
    const spec = m[3].split(';')[0].replace(/(^|\s)--?\w[\w-]*(=\S*)?/g, '').trim();
    const pin = /^===?\s*([^\s,*]+)$/.exec(spec);
    if (pin && !pin[1].includes('$')) out.packages.push({ ecosystem: 'PyPI', name, version: pin[1], line });
    else out.unchecked.push({ name, reason: spec ? `not pinned with == ("${spec}")` : 'no version', line });
  }
  return out;
}

/** The names the scanner picks up by itself (see manifests.ts); other included files would go unread. */
function isRequirementsFileName(path: string): boolean {
  const parts = path.replace(/\\/g, '/').split('/');
  const base = parts[parts.length - 1];
  return /^requirements[\w.-]*\.txt$/i.test(base) || (parts[parts.length - 2]?.toLowerCase() === 'requirements' && /\.txt$/i.test(base));
}

/** Joins backslash-continued lines, keeping the first line's number. */
function logicalLines(text: string): { line: number; content: string }[] {
  const out: { line: number; content: string }[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const start = i + 1;
    let content = lines[i];
    while (content.endsWith('\\') && i + 1 < lines.length) content = content.slice(0, -1) + ' ' + lines[++i];
    out.push({ line: start, content });
  }
  return out;
}

function stripComment(s: string): string {
  if (s.trimStart().startsWith('#')) return '';
  const i = s.search(/\s#/);
  return i === -1 ? s : s.slice(0, i);
}
