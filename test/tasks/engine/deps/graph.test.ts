import assert from 'node:assert/strict';
import { provenanceOf } from '../../../../tasks/engine/deps/graph';
import { manifestFormat } from '../../../../tasks/engine/deps/manifests';
import type { ManifestContext, ParsedManifest } from '../../../../tasks/engine/deps/types';

/** Parses `text` as the manifest `path`, with `siblings` readable beside it. */
function parse(path: string, text: string, siblings: Record<string, string> = {}): ParsedManifest {
  const format = manifestFormat(path);
  assert.ok(format, path);
  const ctx: ManifestContext = { readRelative: (rel) => siblings[rel] };
  return format.parse(text, path, ctx);
}

/** `name@version` -> "chain | dev" for every package, as the finding builder sees it. */
function chains(m: ParsedManifest): Record<string, string> {
  assert.ok(m.graph, 'the format records edges');
  const prov = provenanceOf(m.graph, m.packages);
  const out: Record<string, string> = {};
  for (const p of m.packages) {
    const pr = p.node !== undefined ? prov.get(p.node) : undefined;
    const dev = p.dev ?? pr?.devOnly ?? false;
    out[`${p.name}@${p.version}`] = `${pr?.direct ? 'direct' : (pr?.path?.join(' > ') ?? 'unknown')}${dev ? ' | dev' : ''}`;
  }
  return out;
}

const json = (v: unknown) => JSON.stringify(v, null, 2);

describe('dependency graphs: introduced via and dev-only', () => {
  it('npm v3: node_modules resolution picks the nested copy, workspaces are roots, dev from the lockfile', () => {
    const lock = json({
      name: 'app',
      lockfileVersion: 3,
      packages: {
        '': { name: 'app', workspaces: ['packages/web'], dependencies: { express: '^4.17.0' }, devDependencies: { jest: '^29.0.0' } },
        'node_modules/express': { version: '4.17.1', dependencies: { 'body-parser': '1.19.0', qs: '6.7.0' } },
        'node_modules/body-parser': { version: '1.19.0', dependencies: { qs: '6.7.0' } },
        'node_modules/qs': { version: '6.11.0' },
        'node_modules/express/node_modules/qs': { version: '6.7.0' },
        'node_modules/body-parser/node_modules/qs': { version: '6.7.0' },
        'node_modules/jest': { version: '29.0.0', dev: true, dependencies: { minimist: '^1.2.0' } },
        'node_modules/minimist': { version: '1.2.5', dev: true },
        'node_modules/web': { link: true, resolved: 'packages/web' },
        'packages/web': { name: 'web', dependencies: { qs: '^6.11.0' } },
      },
    });
    const c = chains(parse('package-lock.json', lock));
    assert.equal(c['express@4.17.1'], 'direct');
    assert.equal(c['body-parser@1.19.0'], 'express@4.17.1 > body-parser@1.19.0');
    assert.equal(c['qs@6.11.0'], 'direct', 'the workspace names it');
    assert.equal(c['minimist@1.2.5'], 'jest@29.0.0 > minimist@1.2.5 | dev');
    const m = parse('package-lock.json', lock);
    const prov = provenanceOf(m.graph!, m.packages);
    assert.deepEqual(prov.get('node_modules/express/node_modules/qs')?.path, ['express@4.17.1', 'qs@6.7.0']);
    assert.equal(prov.get('node_modules/express/node_modules/qs')?.parentRange, '6.7.0');
    assert.deepEqual(prov.get('node_modules/body-parser/node_modules/qs')?.path, ['express@4.17.1', 'body-parser@1.19.0', 'qs@6.7.0']);
  });

  it('npm v1: nested requires, direct dependencies from package.json beside it', () => {
    const lock = json({
      name: 'app',
      lockfileVersion: 1,
      dependencies: {
        express: { version: '4.17.1', requires: { qs: '6.7.0' }, dependencies: { qs: { version: '6.7.0' } } },
        qs: { version: '6.11.0' },
        mocha: { version: '10.0.0', dev: true, requires: { debug: '4.3.4' } },
        debug: { version: '4.3.4', dev: true },
      },
    });
    const c = chains(parse('package-lock.json', lock, { 'package.json': json({ dependencies: { express: '^4', qs: '^6.11.0' }, devDependencies: { mocha: '^10' } }) }));
    assert.equal(c['qs@6.7.0'], 'express@4.17.1 > qs@6.7.0');
    assert.equal(c['debug@4.3.4'], 'mocha@10.0.0 > debug@4.3.4 | dev');
    assert.equal(c['qs@6.11.0'], 'direct');
  });

  it('yarn classic: descriptors as edges; package.json tells direct and dev', () => {
    const lock = [
      '# yarn lockfile v1',
      '',
      'express@^4.17.0:',
      '  version "4.17.1"',
      '  dependencies:',
      '    qs "6.7.0"',
      '',
      'qs@6.7.0:',
      '  version "6.7.0"',
      '',
      'eslint@^8.0.0:',
      '  version "8.0.0"',
      '  dependencies:',
      '    minimatch "^3.0.4"',
      '',
      'minimatch@^3.0.4:',
      '  version "3.0.4"',
      '',
    ].join('\n');
    const c = chains(parse('yarn.lock', lock, { 'package.json': json({ dependencies: { express: '^4.17.0' }, devDependencies: { eslint: '^8.0.0' } }) }));
    assert.deepEqual(c, { 'express@4.17.1': 'direct', 'qs@6.7.0': 'express@4.17.1 > qs@6.7.0', 'eslint@8.0.0': 'direct | dev', 'minimatch@3.0.4': 'eslint@8.0.0 > minimatch@3.0.4 | dev' });
    assert.equal(parse('yarn.lock', lock).graph, undefined, 'without package.json the direct dependencies are unknown');
  });

  it('yarn berry: workspace entry as roots, dev from its package.json', () => {
    const lock = [
      '__metadata:',
      '  version: 6',
      '',
      '"app@workspace:.":',
      '  version: 0.0.0-use.local',
      '  resolution: "app@workspace:."',
      '  dependencies:',
      '    express: "npm:^4.17.0"',
      '    jest: "npm:^29.0.0"',
      '',
      '"express@npm:^4.17.0":',
      '  version: 4.17.1',
      '  resolution: "express@npm:4.17.1"',
      '  dependencies:',
      '    qs: "npm:6.7.0"',
      '',
      '"qs@npm:6.7.0":',
      '  version: 6.7.0',
      '  resolution: "qs@npm:6.7.0"',
      '',
      '"jest@npm:^29.0.0":',
      '  version: 29.0.0',
      '  resolution: "jest@npm:29.0.0"',
      '',
    ].join('\n');
    const c = chains(parse('yarn.lock', lock, { 'package.json': json({ dependencies: { express: '^4.17.0' }, devDependencies: { jest: '^29.0.0' } }) }));
    assert.deepEqual(c, { 'express@4.17.1': 'direct', 'qs@6.7.0': 'express@4.17.1 > qs@6.7.0', 'jest@29.0.0': 'direct | dev' });
  });

  it('pnpm v9: importers and snapshots; dev-only worked out from devDependencies (v9 has no dev flag)', () => {
    const lock = [
      "lockfileVersion: '9.0'",
      'importers:',
      '  .:',
      '    dependencies:',
      '      express:',
      '        specifier: ^4.17.0',
      '        version: 4.17.1',
      '    devDependencies:',
      '      jest:',
      '        specifier: ^29.0.0',
      '        version: 29.0.0',
      'packages:',
      '  express@4.17.1:',
      '    resolution: {integrity: sha512-x}',
      '  qs@6.7.0:',
      '    resolution: {integrity: sha512-y}',
      '  jest@29.0.0:',
      '    resolution: {integrity: sha512-z}',
      '  minimist@1.2.5:',
      '    resolution: {integrity: sha512-w}',
      'snapshots:',
      '  express@4.17.1:',
      '    dependencies:',
      '      qs: 6.7.0',
      '  qs@6.7.0: {}',
      '  jest@29.0.0:',
      '    dependencies:',
      '      minimist: 1.2.5',
      '      qs: 6.7.0',
      '  minimist@1.2.5: {}',
      '',
    ].join('\n');
    assert.deepEqual(chains(parse('pnpm-lock.yaml', lock)), {
      'express@4.17.1': 'direct',
      'qs@6.7.0': 'express@4.17.1 > qs@6.7.0',
      'jest@29.0.0': 'direct | dev',
      'minimist@1.2.5': 'jest@29.0.0 > minimist@1.2.5 | dev',
    });
  });

  it('pnpm v6: top-level importer maps and package entries with peers in their keys', () => {
    const lock = [
      "lockfileVersion: '6.0'",
      'dependencies:',
      '  react-dom:',
      '    specifier: ^18.0.0',
      '    version: 18.2.0(react@18.2.0)',
      'packages:',
      '  /react-dom@18.2.0(react@18.2.0):',
      '    resolution: {integrity: sha512-a}',
      '    dependencies:',
      '      scheduler: 0.23.0',
      '    dev: false',
      '  /scheduler@0.23.0:',
      '    resolution: {integrity: sha512-b}',
      '    dev: false',
      '',
    ].join('\n');
    assert.deepEqual(chains(parse('pnpm-lock.yaml', lock)), { 'react-dom@18.2.0': 'direct', 'scheduler@0.23.0': 'react-dom@18.2.0 > scheduler@0.23.0' });
  });

  it('bun.lock: nested install paths resolve first, workspace devDependencies are dev', () => {
    const lock = `{
  "lockfileVersion": 1,
  "workspaces": {
    "": {
      "name": "app",
      "dependencies": { "express": "^4.17.0", },
      "devDependencies": { "jest": "^29.0.0" },
    },
  },
  "packages": {
    "express": ["express@4.17.1", "", { "dependencies": { "qs": "6.7.0" } }, "sha512-a"],
    "express/qs": ["qs@6.7.0", "", {}, "sha512-b"],
    "qs": ["qs@6.11.0", "", {}, "sha512-c"],
    "jest": ["jest@29.0.0", "", { "dependencies": { "qs": "^6.11.0" } }, "sha512-d"],
    "local": ["local@workspace:packages/local"],
  },
}`;
    assert.deepEqual(chains(parse('bun.lock', lock)), {
      'express@4.17.1': 'direct',
      'qs@6.7.0': 'express@4.17.1 > qs@6.7.0',
      'qs@6.11.0': 'jest@29.0.0 > qs@6.11.0 | dev',
      'jest@29.0.0': 'direct | dev',
    });
  });

  it('poetry >= 1.5 (no category): non-main groups of pyproject.toml make dev-only packages', () => {
    const lock = [
      '[[package]]',
      'name = "requests"',
      'version = "2.31.0"',
      '',
      '[package.dependencies]',
      'urllib3 = ">=1.21.1,<3"',
      '',
      '[[package]]',
      'name = "urllib3"',
      'version = "1.26.5"',
      '',
      '[[package]]',
      'name = "pytest"',
      'version = "7.4.0"',
      '',
      '[package.dependencies]',
      'iniconfig = "*"',
      '',
      '[[package]]',
      'name = "iniconfig"',
      'version = "2.0.0"',
      '',
    ].join('\n');
    const pyproject = ['[tool.poetry.dependencies]', 'python = "^3.9"', 'requests = "^2.31"', '', '[tool.poetry.group.test.dependencies]', 'pytest = "^7.4"', ''].join('\n');
    assert.deepEqual(chains(parse('poetry.lock', lock, { 'pyproject.toml': pyproject })), {
      'requests@2.31.0': 'direct',
      'urllib3@1.26.5': 'requests@2.31.0 > urllib3@1.26.5',
      'pytest@7.4.0': 'direct | dev',
      'iniconfig@2.0.0': 'pytest@7.4.0 > iniconfig@2.0.0 | dev',
    });
  });

  it('poetry 2: `groups` in the lock decide dev-only by themselves', () => {
    const lock = ['[[package]]', 'name = "black"', 'version = "23.1.0"', 'groups = ["dev"]', '', '[[package]]', 'name = "click"', 'version = "8.1.0"', 'groups = ["main", "dev"]', ''].join('\n');
    const m = parse('poetry.lock', lock);
    assert.deepEqual(m.packages.map((p) => `${p.name}:${p.dev ? 'dev' : 'prod'}`), ['black:dev', 'click:prod']);
  });

  it('uv.lock: the project entry lists the direct dependencies and its dev groups', () => {
    const lock = [
      'version = 1',
      '',
      '[[package]]',
      'name = "app"',
      'version = "0.1.0"',
      'source = { editable = "." }',
      'dependencies = [{ name = "requests" }]',
      '',
      '[package.dev-dependencies]',
      'dev = [{ name = "pytest" }]',
      '',
      '[[package]]',
      'name = "requests"',
      'version = "2.31.0"',
      'source = { registry = "https://pypi.org/simple" }',
      'dependencies = [{ name = "urllib3" }]',
      '',
      '[[package]]',
      'name = "urllib3"',
      'version = "1.26.5"',
      'source = { registry = "https://pypi.org/simple" }',
      '',
      '[[package]]',
      'name = "pytest"',
      'version = "7.4.0"',
      'source = { registry = "https://pypi.org/simple" }',
      '',
    ].join('\n');
    assert.deepEqual(chains(parse('uv.lock', lock)), {
      'requests@2.31.0': 'direct',
      'urllib3@1.26.5': 'requests@2.31.0 > urllib3@1.26.5',
      'pytest@7.4.0': 'direct | dev',
    });
  });

  it('Cargo.lock, composer.lock, Gemfile.lock and packages.lock.json record edges too', () => {
    const cargo = ['[[package]]', 'name = "app"', 'version = "0.1.0"', 'dependencies = ["hyper"]', '', '[[package]]', 'name = "hyper"', 'version = "0.14.0"', 'source = "registry+https://github.com/rust-lang/crates.io-index"', 'dependencies = ["h2 0.3.0"]', '', '[[package]]', 'name = "h2"', 'version = "0.3.0"', 'source = "registry+https://github.com/rust-lang/crates.io-index"', ''].join('\n');
    assert.deepEqual(chains(parse('Cargo.lock', cargo)), { 'hyper@0.14.0': 'direct', 'h2@0.3.0': 'hyper@0.14.0 > h2@0.3.0' });

    const composer = json({
      packages: [
        { name: 'laravel/framework', version: 'v8.0.0', require: { php: '^7.3', 'guzzlehttp/guzzle': '^7.0' } },
        { name: 'guzzlehttp/guzzle', version: '7.0.0' },
      ],
      'packages-dev': [{ name: 'phpunit/phpunit', version: '9.0.0' }],
    });
    assert.deepEqual(chains(parse('composer.lock', composer, { 'composer.json': json({ require: { 'laravel/framework': '^8.0' }, 'require-dev': { 'phpunit/phpunit': '^9' } }) })), {
      'laravel/framework@8.0.0': 'direct',
      'guzzlehttp/guzzle@7.0.0': 'laravel/framework@8.0.0 > guzzlehttp/guzzle@7.0.0',
      'phpunit/phpunit@9.0.0': 'direct | dev',
    });

    const gems = ['GEM', '  remote: https://rubygems.org/', '  specs:', '    rails (6.1.0)', '      actionpack (= 6.1.0)', '    actionpack (6.1.0)', '      rack (~> 2.0)', '    rack (2.2.3)', '', 'DEPENDENCIES', '  rails (~> 6.1)', ''].join('\n');
    assert.deepEqual(chains(parse('Gemfile.lock', gems)), { 'rails@6.1.0': 'direct', 'actionpack@6.1.0': 'rails@6.1.0 > actionpack@6.1.0', 'rack@2.2.3': 'rails@6.1.0 > actionpack@6.1.0 > rack@2.2.3' });

    const nuget = json({
      version: 1,
      dependencies: {
        'net8.0': {
          'Microsoft.AspNetCore.Mvc': { type: 'Direct', requested: '[2.2.0, )', resolved: '2.2.0', dependencies: { 'System.Text.Encodings.Web': '4.5.0' } },
          'System.Text.Encodings.Web': { type: 'Transitive', resolved: '4.5.0' },
        },
      },
    });
    assert.deepEqual(chains(parse('packages.lock.json', nuget)), {
      'Microsoft.AspNetCore.Mvc@2.2.0': 'direct',
      'System.Text.Encodings.Web@4.5.0': 'Microsoft.AspNetCore.Mvc@2.2.0 > System.Text.Encodings.Web@4.5.0',
    });
  });

  it('a package needed in production keeps a production chain even when a dev chain is shorter', () => {
    const lock = json({
      lockfileVersion: 3,
      packages: {
        '': { dependencies: { a: '1' }, devDependencies: { qs: '6' } },
        'node_modules/a': { version: '1.0.0', dependencies: { b: '1' } },
        'node_modules/b': { version: '1.0.0', dependencies: { qs: '6' } },
        'node_modules/qs': { version: '6.7.0' },
      },
    });
    const m = parse('package-lock.json', lock);
    const prov = provenanceOf(m.graph!, m.packages);
    assert.deepEqual(prov.get('node_modules/qs')?.path, ['a@1.0.0', 'b@1.0.0', 'qs@6.7.0']);
    assert.equal(prov.get('node_modules/qs')?.devOnly, false);
    assert.equal(prov.get('node_modules/qs')?.direct, true, 'also a direct (dev) dependency');
  });
});
