import { ManifestError, emptyManifest, type ParsedManifest } from '../types';

/**
 * go.mod: `require` lines (single or in a block) name the modules and versions the build
 * selects (Go 1.17+ lists indirect ones too, marked `// indirect`). `replace` directives swap
 * a module for another version, another module or a local folder; local folders are the
 * project's own code. The `toolchain` directive (else `go`) is the oldest Go release that
 * builds the module: it is checked as the standard library (`stdlib`), as OSV files Go's
 * own advisories. go.mod records no edges, so paths of indirect modules are unknown.
 */
export function parseGoMod(text: string): ParsedManifest {
  const requires: { path: string; version: string; line: number; indirect: boolean }[] = [];
  let goVersion: { version: string; line: number } | undefined;
  let toolchain: { version: string; line: number } | undefined;
  const replaces: { from: string; fromVersion?: string; to: string; toVersion?: string; line: number }[] = [];
  let block: string | undefined;
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    const indirect = /\/\/\s*indirect\b/.test(lines[i]);
    const l = stripComment(lines[i]).trim();
    if (!l) continue;
    if (block) {
      if (l === ')') {
        block = undefined;
        continue;
      }
      handle(block, l, lineNo, indirect);
      continue;
    }
    const m = /^(\w+)\s*(.*)$/.exec(l);
    if (!m) throw new ManifestError(`line ${lineNo} is not a go.mod directive`, lineNo);
    const [, verb, rest] = m;
    if (rest === '(') block = verb;
    else handle(verb, rest, lineNo, indirect);
  }
  if (block) throw new ManifestError(`the "${block} (" block is not closed`, lines.length);

  function handle(verb: string, args: string, lineNo: number, indirect: boolean): void {
    const fields = tokens(args);
    if (verb === 'go' || verb === 'toolchain') {
      const v = /^(?:go)?(\d+\.\d+(?:\.\d+)?(?:(?:rc|beta)\d+)?)$/.exec(fields[0] ?? '');
      if (!v) {
        if (verb === 'toolchain' && fields[0] === 'default') return;
        throw new ManifestError(`line ${lineNo}: "${verb} ${fields.join(' ')}" is not a Go version`, lineNo);
      }
      if (verb === 'go') goVersion = { version: v[1], line: lineNo };
      else toolchain = { version: v[1], line: lineNo };
    } else if (verb === 'require') {
      if (fields.length !== 2) throw new ManifestError(`line ${lineNo}: require needs a module path and a version`, lineNo);
      requires.push({ path: fields[0], version: fields[1], line: lineNo, indirect });
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
    out.packages.push({ ecosystem: 'Go', name, version, line: rep ? rep.line : req.line, direct: !req.indirect });
  }
  const stdlib = toolchain ?? goVersion;
  if (stdlib) out.packages.push({ ecosystem: 'Go', name: 'stdlib', version: goToolchainSemver(stdlib.version), line: stdlib.line, direct: true });
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

/** `1.21` -> `1.21.0`, `1.21rc2` -> `1.21.0-rc.2`: the SemVer spelling OSV uses for stdlib ranges. */
export function goToolchainSemver(v: string): string {
  const m = /^(\d+)\.(\d+)(?:\.(\d+))?(?:(rc|beta)(\d+))?$/.exec(v);
  if (!m) return v;
  return `${m[1]}.${m[2]}.${m[3] ?? '0'}${m[4] ? `-${m[4]}.${m[5]}` : ''}`;
}
