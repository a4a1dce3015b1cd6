import type { CodeLanguage, ProgramLanguage } from '../rules/codeRuleSpec';

/** tree-sitter grammar file (in @vscode/tree-sitter-wasm's wasm/ folder) per grammar name. */
export const GRAMMAR_FILES = {
  javascript: 'tree-sitter-javascript.wasm',
  typescript: 'tree-sitter-typescript.wasm',
  tsx: 'tree-sitter-tsx.wasm',
  python: 'tree-sitter-python.wasm',
  csharp: 'tree-sitter-c-sharp.wasm',
  java: 'tree-sitter-java.wasm',
  go: 'tree-sitter-go.wasm',
} as const;

export type GrammarName = keyof typeof GRAMMAR_FILES;

const BY_EXTENSION: Record<string, CodeLanguage> = {
  js: 'javascript', mjs: 'javascript', cjs: 'javascript', jsx: 'javascript',
  ts: 'typescript', mts: 'typescript', cts: 'typescript', tsx: 'typescript',
  py: 'python', pyw: 'python',
  cs: 'csharp',
  cshtml: 'razor', razor: 'razor',
  java: 'java',
  go: 'go',
  yml: 'yaml', yaml: 'yaml',
  json: 'json',
  tf: 'terraform',
  bicep: 'bicep',
};

/**
 * The language a file is scanned as, from its name alone (Azure Pipelines YAML is told apart
 * from other YAML by content later). Minified bundles and type declarations are not source a
 * reviewer can act on, so they are left out.
 */
export function languageOfPath(path: string): CodeLanguage | undefined {
  const base = path.slice(path.lastIndexOf('/') + 1);
  const lower = base.toLowerCase();
  if (lower === 'dockerfile' || lower === 'containerfile' || lower.startsWith('dockerfile.') || lower.endsWith('.dockerfile')) return 'dockerfile';
  if (lower.endsWith('.d.ts') || /\.min\.[cm]?js$/.test(lower)) return undefined;
  const dot = lower.lastIndexOf('.');
  if (dot < 0) return undefined;
  return BY_EXTENSION[lower.slice(dot + 1)];
}

/** The grammar a program file is parsed with (TSX files need the TSX grammar). */
export function grammarOf(language: ProgramLanguage, path: string): GrammarName {
  switch (language) {
    case 'javascript': return 'javascript';
    case 'typescript': return /\.tsx$/i.test(path) ? 'tsx' : 'typescript';
    case 'python': return 'python';
    case 'csharp':
    case 'razor': return 'csharp';
    case 'java': return 'java';
    case 'go': return 'go';
  }
}

/** File name used for a sample that gives only a language. */
export function sampleFileName(language: CodeLanguage): string {
  switch (language) {
    case 'javascript': return 'sample.js';
    case 'typescript': return 'sample.ts';
    case 'python': return 'sample.py';
    case 'csharp': return 'Sample.cs';
    case 'razor': return 'Sample.cshtml';
    case 'java': return 'Sample.java';
    case 'go': return 'sample.go';
    case 'yaml': return 'sample.yml';
    case 'azure-pipelines': return 'azure-pipelines.yml';
    case 'json': return 'sample.json';
    case 'terraform': return 'main.tf';
    case 'bicep': return 'main.bicep';
    case 'dockerfile': return 'Dockerfile';
  }
}

const PIPELINE_FILE = /(^|\/)(azure-pipelines?[^/]*|[^/]*[.-]pipelines?)\.ya?ml$|(^|\/)\.?(azure-)?pipelines?\/.*\.ya?ml$/i;

/** Azure Pipelines YAML: by its conventional names, or by the top-level keys of a pipeline. */
export function isPipelineYaml(path: string, topLevelKeys: readonly string[]): boolean {
  if (PIPELINE_FILE.test(path)) return true;
  const keys = new Set(topLevelKeys);
  const body = keys.has('steps') || keys.has('jobs') || keys.has('stages') || keys.has('extends');
  const head = keys.has('trigger') || keys.has('pr') || keys.has('pool') || keys.has('variables') || keys.has('resources') || keys.has('parameters');
  return body && head;
}
