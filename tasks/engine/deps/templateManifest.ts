/**
 * Project generators keep manifests as templates that they fill in when a project is made: a
 * cookiecutter or copier folder named `{{cookiecutter.project_slug}}`, the .NET template
 * engine's `//#if` blocks (Aspire's starters), Jinja tags, a sample's `<YOUR_APP_NAME>`. Such a
 * file is no manifest until it is generated, and often does not parse as it is. A manifest
 * that does not parse otherwise makes the dependency scan incomplete; a template that does not
 * parse is said to be one instead (a warning), so that a repository of templates is not a
 * failed build. A template that parses is scanned like any manifest.
 */

/** A folder or file name holding a template field (cookiecutter, copier). */
const TEMPLATE_PATH = /\{\{|\{%/;

const TEMPLATE_TEXT: readonly [RegExp, string][] = [
  [/\{%-?\s*(?:if|for|raw|set|include|macro|block)\b|\{\{-?\s*[\w.]+(?:\s*\|[^}]*)?\s*-?\}\}/, 'template tags ({% … %}, {{ … }})'],
  [/^[ \t]*(?:\/\/|<!--)[ \t]*#(?:if|elif|else|endif)\b/m, 'template engine directives (//#if … //#endif)'],
  [/<YOUR[_-][A-Z0-9_-]*>/i, 'placeholders to fill in (<YOUR_…>)'],
];

/**
 * Why a manifest that did not parse is a template (`path` relative to the scan root), or
 * undefined when nothing says so.
 */
export function templateMark(path: string, text: string): string | undefined {
  if (TEMPLATE_PATH.test(path)) return 'its path holds a template field ({{ … }})';
  for (const [re, what] of TEMPLATE_TEXT) if (re.test(text)) return `it holds ${what}`;
  return undefined;
}
