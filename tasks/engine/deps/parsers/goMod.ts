import { ManifestError, emptyManifest, type ParsedManifest } from '../types';

/**
 * go.mod: `require` lines (single or in a block) name the modules and versions the build
 * selects (Go 1.17+ lists indirect ones too). `replace` directives swap a module for another
 * version, another module or a local folder; local folders are the project's own code.
 */
export function parseGoMod(text: string): ParsedManifest {
  const requires: { path: string; version: string; line: number }[] = [];
  const replaces: { from: string; fromVersion?: string; to: string; toVersion?: string; line: number }[] = [];
  let block: string | undefined;
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    const l = stripComment(lines[i]).trim();
    if (!l) continue;
    if (block) {
      if (l === ')') {
        block = undefined;
        continue;
      }
      handle(block, l, lineNo);
      continue;
    }
    const m = /^(\w+)\s*(.*)$/.exec(l);
    if (!m) throw new ManifestError(`line ${lineNo} is not a go.mod directive`, lineNo);
    const [, verb, rest] = m;
    if (rest === '(') block = verb;
    else handle(verb, rest, lineNo);
  }
  if (block) throw new ManifestError(`the "${block} (" block is not closed`, lines.length);

  function handle(verb: string, args: string, lineNo: number): void {
    const fields = tokens(args);
    if (verb === 'require') {
      if (fields.length !== 2) throw new ManifestError(`line ${lineNo}: require needs a module path and a version`, lineNo);
      requires.push({ path: fields[0], version: fields[1], line: lineNo });
    } else if (verb === 'replace') {
      const arrow = fields.indexOf('=>');
      if (arrow < 1 || arrow > 2 || fields.length - arrow - 1 < 1) {
        throw new ManifestError(`line ${lineNo}: replace needs "module [version] => target [version]"`, lineNo);
      }
      replaces.push({ from: fields[0], fromVersion: fields[1] === '=>' ? undefined : fields[1], to: fields[arrow + 1], toVersion: fields[arrow + 2], line: lineNo });
    }
  }

  const out = emptyManifest();
  for (const req of requires) {
    const rep = replaces.find((r) => r.from === req.path && (!r.fromVersion || r.fromVersion === req.version));
    if (rep && !rep.toVersion) continue; // replaced by a local folder
    const name = rep ? rep.to : req.path;
    const version = rep?.toVersion ?? req.version;
    out.packages.push({ ecosystem: 'Go', name, version, line: rep ? rep.line : req.line });
  }
  return out;
}

function stripComment(l: string): string {
  const i = l.indexOf('//');
  return i === -1 ? l : l.slice(0, i);
}

/** Splits on blanks, honouring Go's quoted and raw-string module paths. */
function tokens(s: string): string[] {
  const out: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|`([^`]*)`|(\S+)/g;
  for (let m = re.exec(s); m; m = re.exec(s)) out.push(m[1] ?? m[2] ?? m[3]);
  return out;
}
