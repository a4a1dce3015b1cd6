// Bundles the pipeline task into dist/PalisadeScanV1: one file per entry (the task and the
// scanner thread), with the rule files, task.json and task-lib's strings beside it, so the
// folder runs on any agent (Windows, Linux, macOS; x64, arm64) with no install step.
'use strict';
const { cpSync, existsSync, mkdirSync, rmSync } = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const out = path.join(root, 'dist', 'PalisadeScanV1');

/** Files the bundle reads at run time, copied next to it after each build. */
const runtimeFiles = [
  [path.join(root, 'tasks', 'PalisadeScanV1', 'task.json'), 'task.json'],
  // task.json's icon: 32x32 (a larger one is scaled down badly in the pipeline editor).
  [path.join(root, 'images', 'icon-small.png'), 'icon.png'],
  [path.join(root, 'tasks', 'rules'), 'rules'],
  [path.join(root, 'node_modules', 'azure-pipelines-task-lib', 'lib.json'), 'lib.json'],
  [path.join(root, 'node_modules', 'azure-pipelines-task-lib', 'Strings'), 'Strings'],
  // Tree-sitter runtime and grammars (WASM: the same files on every OS and architecture).
  ...['tree-sitter.wasm', 'tree-sitter-javascript.wasm', 'tree-sitter-typescript.wasm', 'tree-sitter-tsx.wasm', 'tree-sitter-python.wasm', 'tree-sitter-c-sharp.wasm', 'tree-sitter-java.wasm', 'tree-sitter-go.wasm']
    .map((f) => [path.join(root, 'node_modules', '@vscode', 'tree-sitter-wasm', 'wasm', f), path.join('grammars', f)]),
];

class CopyRuntimeFiles {
  apply(compiler) {
    compiler.hooks.afterEmit.tap('CopyRuntimeFiles', () => {
      for (const [from, to] of runtimeFiles) {
        if (!existsSync(from)) throw new Error(`task bundle: ${from} is missing`);
        cpSync(from, path.join(out, to), { recursive: true });
      }
      writeRuleBundle();
    });
  }
}

/**
 * The pre-validated rule bundle beside the YAML (the task loads it in milliseconds instead of
 * parsing every rule file), written from the sources now so it can never be stale.
 */
function writeRuleBundle() {
  const engine = path.join(root, 'out', 'tasks', 'engine', 'ruleset');
  if (!existsSync(path.join(engine, 'ruleLoader.js'))) throw new Error('task bundle: run `npm run build` first (the rule bundle is written with the compiled engine)');
  const { loadRuleDir, SOURCE_RULES_DIR } = require(path.join(engine, 'ruleLoader.js'));
  const { writeRuleBundle: write, RULE_BUNDLE_FILE } = require(path.join(engine, 'ruleBundle.js'));
  write(loadRuleDir(SOURCE_RULES_DIR), SOURCE_RULES_DIR, path.join(out, 'rules', RULE_BUNDLE_FILE));
  const { writeSourceModelBundle, SOURCE_MODEL_BUNDLE_FILE, SOURCE_MODELS_SUBDIR } = require(path.join(engine, '..', 'code', 'sourceModels.js'));
  writeSourceModelBundle(path.join(SOURCE_RULES_DIR, SOURCE_MODELS_SUBDIR), path.join(out, 'rules', SOURCE_MODEL_BUNDLE_FILE));
}

class CleanOutput {
  apply(compiler) {
    compiler.hooks.beforeRun.tap('CleanOutput', () => {
      rmSync(out, { recursive: true, force: true });
      mkdirSync(out, { recursive: true });
    });
  }
}

module.exports = (env = {}, argv = {}) => ({
  name: 'task',
  // The oldest handler task.json declares (Node16, for Azure DevOps Server 2022.0/2022.1 agents).
  target: 'node16',
  mode: argv.mode === 'development' ? 'development' : 'production',
  devtool: false,
  context: root,
  entry: {
    index: './tasks/PalisadeScanV1/index.ts',
    scanWorker: './tasks/engine/run/scanWorker.ts',
  },
  output: { path: out, filename: '[name].js', libraryTarget: 'commonjs2' },
  // The bundle must find rules, strings and the worker next to itself.
  node: { __dirname: false, __filename: false },
  resolve: { extensions: ['.ts', '.js', '.json'] },
  module: {
    rules: [{ test: /\.ts$/, loader: 'ts-loader', options: { transpileOnly: true, configFile: path.join(root, 'tsconfig.json') } }],
  },
  // Production builds are minified (the vsix and the download every agent makes stay small);
  // names are kept so stack traces in a pipeline log still say which function failed.
  optimization: {
    minimize: argv.mode !== 'development',
    minimizeOptions: { javascript: { compress: { passes: 2 }, keep_classnames: true, keep_fnames: true } },
  },
  performance: { hints: false },
  stats: 'errors-warnings',
  // task-lib's `require(resourceFile)` for a task's own loc strings: Palisade keeps none
  // (its messages are in code), and the library's own strings come from the bundled lib.json.
  ignoreWarnings: [{ module: /azure-pipelines-task-lib[\\/]internal\.js$/, message: /Critical dependency/ }],
  plugins: [new CleanOutput(), new CopyRuntimeFiles(), runtimeFromBuild()],
});

/**
 * The engine requires the tree-sitter runtime as `./tree-sitter-runtime.js`, the file `npm run
 * build` writes beside the compiled engine (tasks/engine/code/treeSitterRuntime.ts: the package's
 * runtime with its node handle under a property name); the task bundles that same file.
 */
function runtimeFromBuild() {
  const { NormalModuleReplacementPlugin } = require('webpack');
  const built = path.join(root, 'out', 'tasks', 'engine', 'code', 'tree-sitter-runtime.js');
  return new NormalModuleReplacementPlugin(/^\.\/tree-sitter-runtime\.js$/, (resource) => {
    if (!existsSync(built)) throw new Error(`task bundle: ${built} is missing; run \`npm run build\` first`);
    resource.request = built;
  });
}
