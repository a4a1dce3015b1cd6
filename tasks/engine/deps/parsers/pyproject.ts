import { parse, TomlError } from 'smol-toml';
import { ManifestError, emptyManifest, type ManifestContext, type ParsedManifest } from '../types';

/** A dependency pyproject.toml declares, with the requirement as written. */
export interface PythonDeclared {
  name: string;
  /** `==2.31.0`, `^2.31`, `>=2` ... ('' when none). */
  spec: string;
  dev: boolean;
  /** Where it is declared, for the line of a finding. */
  section: string;
}

function parseToml(text: string, what: string): Record<string, unknown> {
  try {
    return parse(text) as Record<string, unknown>;
  } catch (e) {
    if (e instanceof TomlError) throw new ManifestError(`invalid TOML in ${what} at line ${e.line}: ${e.message.split('\n')[0]}`, e.line);
    throw new ManifestError(`invalid TOML in ${what}: ${(e as Error).message}`);
  }
}

const table = (v: unknown): Record<string, unknown> | undefined => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined);

/** PEP 508: `name [extras] spec ; marker` -> name and spec. */
export function pep508(req: string): { name: string; spec: string } | undefined {
  const m = /^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(\[[^\]]*\])?\s*([^;]*)/.exec(req);
  if (!m) return undefined;
  return { name: m[1], spec: m[3].trim().replace(/^\((.*)\)$/, '$1').trim() };
}

/**
 * Every dependency a pyproject.toml declares: PEP 621 `[project]` (dependencies and extras:
 * production), PEP 735 `[dependency-groups]` (development), Poetry's
 * `[tool.poetry.dependencies]` (production), `[tool.poetry.dev-dependencies]` and
 * `[tool.poetry.group.<name>.dependencies]` (development unless the group is `main`).
 */
export function pyprojectDeclared(doc: Record<string, unknown>): PythonDeclared[] {
  const out: PythonDeclared[] = [];
  const project = table(doc.project);
  const pep = (list: unknown, dev: boolean, section: string) => {
    if (!Array.isArray(list)) return;
    for (const req of list) {
      const r = typeof req === 'string' ? pep508(req) : undefined;
      if (r) out.push({ ...r, dev, section });
    }
  };
  pep(project?.dependencies, false, 'project');
  for (const list of Object.values(table(project?.['optional-dependencies']) ?? {})) pep(list, false, 'project.optional-dependencies');
  for (const list of Object.values(table(doc['dependency-groups']) ?? {})) pep(list, true, 'dependency-groups');
  const poetry = table(table(doc.tool)?.poetry);
  const poetryDeps = (deps: unknown, dev: boolean, section: string) => {
    for (const [name, v] of Object.entries(table(deps) ?? {})) {
      if (name.toLowerCase() === 'python') continue;
      const spec = typeof v === 'string' ? v : typeof table(v)?.version === 'string' ? (table(v)?.version as string) : '';
      out.push({ name, spec, dev, section });
    }
  };
  poetryDeps(poetry?.dependencies, false, 'tool.poetry.dependencies');
  poetryDeps(poetry?.['dev-dependencies'], true, 'tool.poetry.dev-dependencies');
  for (const [group, body] of Object.entries(table(poetry?.group) ?? {})) poetryDeps(table(body)?.dependencies, group !== 'main', `tool.poetry.group.${group}.dependencies`);
  return out;
}

/** The declared dependencies of the pyproject.toml beside a lockfile; undefined when absent or unreadable. */
export function siblingPyproject(ctx: ManifestContext | undefined): PythonDeclared[] | undefined {
  const text = ctx?.readRelative('pyproject.toml');
  if (text === undefined) return undefined;
  try {
    return pyprojectDeclared(parseToml(text, 'pyproject.toml'));
  } catch {
    return undefined;
  }
}

/**
 * pyproject.toml read on its own (no lockfile beside it): only exact pins name a version, as
 * PEP 440 `==1.2.3` (PEP 621) or Poetry's bare `1.2.3` / `==1.2.3`; everything else is listed
 * as unchecked. Each package points at the line that names it.
 */
export function parsePyproject(text: string): ParsedManifest {
  const doc = parseToml(text, 'pyproject.toml');
  const out = emptyManifest();
  const lines = text.split(/\r?\n/);
  const lineOf = (name: string) => {
    const n = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    // A Poetry key (`requests = "2.31.0"`) or a quoted PEP 508 string (`"requests==2.31.0"`).
    const re = new RegExp(`^\\s*["']?${n}["']?\\s*=(?!=)|["']${n}\\s*(\\[|\\(|===?|<|>|~|!|;|@|["'])`, 'i');
    const i = lines.findIndex((l) => re.test(l));
    return i === -1 ? 1 : i + 1;
  };
  for (const d of pyprojectDeclared(doc)) {
    const line = lineOf(d.name);
    const poetryPin = d.section.startsWith('tool.poetry') ? /^(?:==)?\s*(\d[^\s,*^~<>=!]*)$/.exec(d.spec) : undefined;
    const pin = /^===?\s*([^\s,*]+)$/.exec(d.spec) ?? poetryPin;
    if (pin) out.packages.push({ ecosystem: 'PyPI', name: d.name, version: pin[1], line, direct: true, ...(d.dev ? { dev: true } : {}) });
    // A direct reference (`name @ https://user:token@host/...`) may carry credentials: never repeat it.
    else if (d.spec.startsWith('@')) out.unchecked.push({ name: d.name, reason: 'direct URL reference', line });
    else out.unchecked.push({ name: d.name, reason: d.spec ? `not pinned to one version ("${d.spec}")` : 'no version', line });
  }
  return out;
}
