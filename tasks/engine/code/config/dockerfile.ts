import { mapNode, type CEntry, type ConfigDoc } from './configTree';

/**
 * A Dockerfile as a map of instructions in order (`RUN`, `ENV`, ... may repeat), each holding
 * its arguments as one scalar with line continuations joined. Comments and parser directives
 * are skipped; `# escape=` is honoured.
 */
export function parseDockerfile(text: string): ConfigDoc {
  const entries: CEntry[] = [];
  let escape = '\\';
  const directive = /^#\s*escape\s*=\s*(\S)/im.exec(text.slice(0, 200));
  if (directive) escape = directive[1];
  const lines = text.split('\n');
  let offset = 0;
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    const start = offset;
    offset += line.length + 1;
    i++;
    const trimmed = line.trim();
    if (!trimmed || trimmed.startsWith('#')) continue;
    const m = /^\s*([A-Za-z]+)(\s+|$)/.exec(line);
    if (!m) continue;
    const continues = (l: string): boolean => l.replace(/\s+$/, '').endsWith(escape);
    const body = (l: string): string => (continues(l) ? l.replace(/\s+$/, '').slice(0, -1) : l).trim();
    let args = body(line.slice(m[0].length));
    let end = start + line.length;
    let more = continues(line);
    // Continuation lines, skipping comment lines inside them as Docker does.
    while (more && i < lines.length) {
      const next = lines[i];
      end = offset + next.length;
      offset += next.length + 1;
      i++;
      if (next.trim().startsWith('#')) continue;
      more = continues(next);
      args += ' ' + body(next);
    }
    const value = args.trim().replace(/\r$/, '');
    entries.push({
      key: m[1].toUpperCase(),
      labels: [],
      start: start + line.indexOf(m[1]),
      end,
      value: { kind: 'scalar', value, start: start + m[0].length, end, text: value },
    });
  }
  return { roots: [mapNode(entries, 0, text.length)] };
}
