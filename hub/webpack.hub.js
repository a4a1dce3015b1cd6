// The Security hub and the build tab: hub/securityHub and hub/buildTab (over hub/shared) -> dist/hub/ (hub.html, hub.js, build-tab.js, rule-catalog.json, fonts).
// `--env hubTests` builds the component tests instead (test/hub/components -> out/test/hub/),
// as one Node bundle run by mocha with jsdom: azure-devops-ui ships ES modules and CSS imports,
// which plain Node cannot load.
const path = require('node:path');
const { HubPagePlugin } = require('./build/hubPage');
const { RuleCatalogPlugin } = require('./build/ruleCatalog');

const ROOT = path.resolve(__dirname, '..');

function tsRule(configFile) {
  return {
    test: /\.tsx?$/,
    loader: 'ts-loader',
    options: { configFile, onlyCompileBundledFiles: true },
    exclude: /node_modules/,
  };
}

function hubConfig(production) {
  return {
    name: 'hub',
    mode: production ? 'production' : 'development',
    target: 'web',
    context: __dirname,
    // The hub, and the build-results tab ("Security" on a build's page), which reuses its parts.
    entry: { hub: './securityHub/index.tsx', 'build-tab': './buildTab/index.tsx', inventory: './inventory/index.tsx' },
    output: { path: path.join(ROOT, 'dist/hub'), filename: '[name].js', assetModuleFilename: 'assets/[name][ext]', clean: true },
    devtool: production ? false : 'source-map',
    resolve: { extensions: ['.ts', '.tsx', '.js'] },
    module: {
      rules: [
        tsRule(path.join(__dirname, 'tsconfig.json')),
        { test: /\.css$/, use: ['style-loader', 'css-loader'] },
        { test: /\.(woff2?|ttf|eot|png|svg)$/, type: 'asset/resource' },
      ],
    },
    plugins: [
      new HubPagePlugin({ filename: 'hub.html', title: 'Security', scripts: ['hub.js'] }),
      new HubPagePlugin({ filename: 'build-tab.html', title: 'Security', scripts: ['build-tab.js'] }),
      // Organization settings > Palisade inventory (managed scanning across projects).
      new HubPagePlugin({ filename: 'inventory.html', title: 'Palisade inventory', scripts: ['inventory.js'] }),
      new RuleCatalogPlugin(),
    ],
    performance: { hints: false },
    stats: 'errors-warnings',
  };
}

function componentTestConfig() {
  return {
    name: 'hub-tests',
    mode: 'development',
    target: 'node',
    context: __dirname,
    entry: { 'components.test': '../test/hub/components/index.ts' },
    output: { path: path.join(ROOT, 'out/test/hub'), filename: '[name].js', library: { type: 'commonjs2' } },
    devtool: 'inline-source-map',
    resolve: { extensions: ['.ts', '.tsx', '.js'] },
    // Mocha and jsdom stay outside the bundle; everything else (React, azure-devops-ui) is bundled.
    externals: { mocha: 'commonjs mocha', jsdom: 'commonjs jsdom' },
    module: {
      rules: [
        tsRule(path.join(__dirname, 'tsconfig.test.json')),
        // Styles and fonts do not matter to behaviour tests.
        { test: /\.css$/, type: 'asset/source' },
        { test: /\.(woff2?|ttf|eot|png|svg)$/, type: 'asset/inline' },
      ],
    },
    performance: { hints: false },
    stats: 'errors-warnings',
  };
}

module.exports = (env = {}, argv = {}) => {
  if (env.hubTests) return componentTestConfig();
  return hubConfig(argv.mode === 'production' || env.production === true);
};
