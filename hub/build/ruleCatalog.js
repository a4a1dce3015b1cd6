// Builds the hub's rule catalog (rule-catalog.json) from the rule files the engine ships, so the
// detail panel can show a rule's help and fix guidance without the pipeline storing it per scan.
// Only descriptive fields are kept: patterns and samples stay out of the browser.
const fs = require('node:fs');
const path = require('node:path');
const YAML = require('yaml');

const RULES_DIR = path.resolve(__dirname, '../../tasks/rules');

function ruleFiles(dir) {
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...ruleFiles(p));
    else if (/\.ya?ml$/.test(entry.name)) out.push(p);
  }
  return out.sort();
}

function buildRuleCatalog(dir = RULES_DIR) {
  const rules = {};
  const files = fs.existsSync(dir) ? ruleFiles(dir) : [];
  for (const file of files) {
    const spec = YAML.parse(fs.readFileSync(file, 'utf8'));
    if (!spec || typeof spec.id !== 'string') continue;
    rules[spec.id] = {
      id: spec.id,
      kind: spec.kind,
      title: String(spec.title ?? spec.id),
      description: String(spec.description ?? spec.message ?? spec.title ?? ''),
      severity: spec.severity,
      cwe: Array.isArray(spec.cwe) ? spec.cwe.map(String) : [],
      helpMarkdown: String(spec.help ?? ''),
      tags: [...new Set([...(spec.tags ?? []), ...(spec.languages ?? [])].map(String))],
    };
  }
  return { files, catalog: { rules } };
}

/** Emits rule-catalog.json next to the bundle and rebuilds it when a rule file changes. */
class RuleCatalogPlugin {
  apply(compiler) {
    const { RawSource } = compiler.webpack.sources;
    compiler.hooks.thisCompilation.tap('RuleCatalogPlugin', (compilation) => {
      compilation.hooks.processAssets.tap({ name: 'RuleCatalogPlugin', stage: compiler.webpack.Compilation.PROCESS_ASSETS_STAGE_ADDITIONAL }, () => {
        const { files, catalog } = buildRuleCatalog();
        for (const f of files) compilation.fileDependencies.add(f);
        compilation.contextDependencies.add(RULES_DIR);
        compilation.emitAsset('rule-catalog.json', new RawSource(JSON.stringify(catalog)));
      });
    });
  }
}

module.exports = { buildRuleCatalog, RuleCatalogPlugin };
