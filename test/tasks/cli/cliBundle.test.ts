import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import { cliBundleEntries, collectModules, freshnessFiles, writeCliBundle } from '../../../tasks/cli/cliBundle';
import { makeTree, removeTree } from '../../support/tmpTree';
import { REPO_ROOT } from '../../support/paths';

/** A stand-in for the compiled CLI: says where its code was loaded from and which instances it sees. */
const FAKE_CLI = {
  'out/tasks/cli/main.js': `"use strict";
const shared_1 = require("../engine/shared");
const data = require("./data.json");
exports.quietOnClosedPipe = () => {};
exports.main = async (argv) => {
  if (argv[0] === "flags") {
    // As a code scan does when it loads the parser: announce, then change V8's flags.
    process.emit("palisade:before-v8-flags", ["--liftoff-only"]);
    require("node:v8").setFlagsFromString("--liftoff-only");
  }
  if (argv[0] === "scan") {
    // A code scan of a folder: the launcher set this flag at start, so setting it changes nothing.
    process.emit("palisade:before-v8-flags", ["--wasm-lazy-compilation"]);
    require("node:v8").setFlagsFromString("--wasm-lazy-compilation");
    exports.afterFlags = () => 1;
    exports.afterFlags();
  }
  // A built-in asked of the launcher, as the first JWT checked asks for node:crypto.
  let builtin;
  if (argv.includes("--builtin")) {
    const v8 = require("node:v8");
    const tag = v8.cachedDataVersionTag();
    const request = { id: "node:crypto" };
    process.emit("palisade:require-builtin", request);
    builtin = { given: typeof (request.module && request.module.createHash) === "function", flagsBack: v8.cachedDataVersionTag() === tag };
  }
  // Much output, then an exit code: the launcher exits at once only when none is left to write.
  if (argv[0] === "big") {
    const line = "x".repeat(1023) + "\\n";
    for (let i = 0; i < 4096; i++) process.stdout.write(line);
    process.stdout.write("end\\n");
    return 3;
  }
  // A built-in's import(), as the tree-sitter runtime writes it: a vm.Script has no loader for it.
  const sep = (await import("node:path")).sep;
  const lazy = require("../engine/lazy");
  const from = /palisade\\.bundle\\.js/.test(new Error().stack) ? 'bundle' : 'files';
  // Written as is: the bundle escapes it (and stays ASCII), the meaning must not change.
  const word = /caf\u00e9/.test("caf\u00e9 \u4e2d") ? "caf\u00e9 \u4e2d" : "?";
  process.stdout.write(JSON.stringify({ from, argv, same: lazy.shared === shared_1, dir: shared_1.dir, data, lazyLoaded: typeof lazy.later, word, sep, ...(builtin ? { builtin } : {}) }) + '\\n');
  return 0;
};
`,
  'out/tasks/cli/data.json': '{ "n": 1 }\n',
  // A package's destructured require, as picomatch writes it: bundled like the others.
  'out/tasks/engine/shared.js': '"use strict";\nconst {\n  DIR_OF, /* } */\n  other: renamed\n} = require("./constants");\nexports.dir = DIR_OF(__dirname);\n',
  'out/tasks/engine/constants.js': '"use strict";\nexports.DIR_OF = (d) => d;\nexports.other = 1;\n',
  'out/tasks/engine/lazy.js': '"use strict";\nconst shared_1 = require("./shared");\nexports.shared = shared_1;\nexports.later = () => require("./never");\nexports.constants = () => require("./constants");\n',
};

describe('CLI bundle', () => {
  let root: string;
  afterEach(() => root && removeTree(root));

  it('takes the modules loaded at start (packages and JSON included), not those required later', () => {
    root = makeTree(FAKE_CLI);
    const mods = collectModules(join(root, 'out/tasks/cli/main.js'), root);
    assert.deepEqual(mods.map((m) => m.key), ['out/tasks/cli/main.js', 'out/tasks/engine/shared.js', 'out/tasks/engine/constants.js', 'out/tasks/cli/data.json']);
    // A later require of a bundled module is served from the bundle; one of a module left out is not.
    assert.deepEqual(mods[0].deps, { '../engine/shared': 'out/tasks/engine/shared.js', './data.json': 'out/tasks/cli/data.json' });
    const lazy = collectModules(join(root, 'out/tasks/engine/lazy.js'), root);
    assert.deepEqual(lazy.map((m) => [m.key, m.deps]), [
      ['out/tasks/engine/lazy.js', { './shared': 'out/tasks/engine/shared.js', './constants': 'out/tasks/engine/constants.js' }],
      ['out/tasks/engine/shared.js', { './constants': 'out/tasks/engine/constants.js' }],
      ['out/tasks/engine/constants.js', {}],
    ]);
    const real = collectModules(cliBundleEntries(join(REPO_ROOT, 'out')), REPO_ROOT).map((m) => m.key);
    assert.ok(!collectModules(join(REPO_ROOT, 'out/tasks/cli/main.js'), REPO_ROOT).some((m) => m.key === 'out/tasks/engine/index.js'), 'the CLI requires the engine when it scans');
    assert.ok(real.includes('out/tasks/engine/index.js') && real.includes('node_modules/picomatch/lib/parse.js'), 'engine and packages are in');
    assert.ok(real.includes('out/tasks/engine/code/tree-sitter-runtime.js'), 'the parser runtime is in, and so in the code scan\'s code cache');
    assert.ok(real.includes('node_modules/yaml/dist/index.js') && real.includes('node_modules/ajv/dist/ajv.js'), 'so are the YAML parser and schema validator a .palisade.yml needs');
    assert.ok(!real.some((k) => k.includes('/engine/deps/index.js') || k.includes('/osv/')), 'the dependency scanner loads on demand');
  });

  it('tells a stale bundle by our compiled modules and by each package\'s package.json, not every file of a package', () => {
    root = makeTree({
      'out/tasks/cli/main.js': '"use strict";\nconst a = require("pkg");\nconst b = require("@scope/tool/lib/x");\nexports.main = () => 0;\n',
      'node_modules/pkg/package.json': '{ "name": "pkg", "main": "lib/index.js" }\n',
      'node_modules/pkg/lib/index.js': '"use strict";\nconst u = require("./util");\nexports.u = u;\n',
      'node_modules/pkg/lib/util.js': '"use strict";\nexports.x = 1;\n',
      'node_modules/@scope/tool/package.json': '{ "name": "@scope/tool" }\n',
      'node_modules/@scope/tool/lib/x.js': '"use strict";\nexports.y = 2;\n',
    });
    const mods = collectModules(join(root, 'out/tasks/cli/main.js'), root);
    assert.equal(mods.length, 4);
    assert.deepEqual(
      freshnessFiles(mods).map((f) => [f.key, f.file]),
      [
        ['out/tasks/cli/main.js', join(root, 'out/tasks/cli/main.js')],
        ['node_modules/pkg/package.json', join(root, 'node_modules/pkg/package.json')],
        ['node_modules/@scope/tool/package.json', join(root, 'node_modules/@scope/tool/package.json')],
      ],
    );
  });

  describe('run by the launcher', () => {
    const launch = (...argv: string[]) => {
      const r = spawnSync(process.execPath, [join(root, 'tasks/cli/palisade.js'), ...argv], { encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      return JSON.parse(r.stdout) as { from: string; argv: string[]; same: boolean; dir: string; data: unknown; word: string; builtin?: { given: boolean; flagsBack: boolean } };
    };
    beforeEach(() => {
      root = makeTree(FAKE_CLI);
      mkdirSync(join(root, 'tasks/cli'), { recursive: true });
      copyFileSync(join(REPO_ROOT, 'tasks/cli/palisade.js'), join(root, 'tasks/cli/palisade.js'));
      writeCliBundle(join(root, 'out'));
    });

    it('loads the CLI from the bundle, one instance per module, each with its own folder, and keeps a code cache', () => {
      const cache = join(root, 'out/cli/palisade.bundle.js.rules.cache');
      assert.ok(!existsSync(cache));
      const first = launch('rules', '--kind', 'secret');
      assert.deepEqual(first, { from: 'bundle', argv: ['rules', '--kind', 'secret'], same: true, dir: join(root, 'out/tasks/engine'), data: { n: 1 }, lazyLoaded: 'function', word: 'caf\u00e9 \u4e2d', sep });
      assert.ok(/^[\x00-\x7f]*$/.test(readFileSync(join(root, 'out/cli/palisade.bundle.js'), 'latin1')), 'the bundle is ASCII');
      assert.ok(existsSync(cache), 'the first run writes the cache');
      assert.deepEqual(launch('rules', '--kind', 'secret'), first, 'and the next runs with it');
    });

    it('ignores a cache made for another bundle', () => {
      launch();
      const cache = join(root, 'out/cli/palisade.bundle.js.other.cache');
      writeFileSync(cache, Buffer.concat([Buffer.from('1:2\n'), readFileSync(cache).subarray(readFileSync(cache).indexOf(10) + 1)]));
      assert.equal(launch().from, 'bundle');
      assert.match(readFileSync(cache, 'latin1'), /^\d+:\d+ /);
      assert.doesNotMatch(readFileSync(cache, 'latin1'), /^1:2[ \n]/, 'rewritten for this bundle');
    });

    it('writes the cache before a command changes V8 flags, so that the next run can use it', () => {
      const cache = join(root, 'out/cli/palisade.bundle.js.other.cache');
      launch('flags');
      const first = readFileSync(cache);
      // A cache made under the changed flags would be refused, and rewritten, by every next run.
      launch('flags');
      assert.deepEqual(readFileSync(cache), first, 'the second run used the cache and left it as it was');
    });

    it('gives each kind of command its own cache, made at the end when the command set no other flags than the launcher', () => {
      launch('rules');
      assert.ok(existsSync(join(root, 'out/cli/palisade.bundle.js.rules.cache')));
      const cache = join(root, 'out/cli/palisade.bundle.js.scan-code.cache');
      assert.ok(!existsSync(cache), 'a code scan does not take the cache of rules');
      launch('scan');
      const first = statSync(cache).ino;
      launch('scan');
      assert.equal(statSync(cache).ino, first, 'made under the flags the next run starts with: used, not rewritten');
      launch('scan', '--scanners', 'secrets');
      assert.ok(existsSync(join(root, 'out/cli/palisade.bundle.js.scan-secrets.cache')));
    });

    it('writes the cache again when a run did more than the runs that made it (a finding, another format)', () => {
      const cache = join(root, 'out/cli/palisade.bundle.js.other.cache');
      const firstLine = () => readFileSync(cache, 'latin1').split('\n')[0];
      launch('x');
      const made = statSync(cache).ino;
      assert.match(firstLine(), /^\d+:\d+ format:default$/);
      launch('x');
      assert.equal(statSync(cache).ino, made, 'nothing new: kept');
      launch('x', '--builtin');
      assert.notEqual(statSync(cache).ino, made, 'a built-in asked for: written again');
      assert.match(firstLine(), /^\d+:\d+ format:default,node:crypto$/);
      const again = statSync(cache).ino;
      launch('x');
      launch('x', '--builtin');
      assert.equal(statSync(cache).ino, again, 'the cache knows both');
      launch('x', '--format', 'json');
      assert.match(firstLine(), /^\d+:\d+ format:default,format:json,node:crypto$/);
    });

    it('loads a built-in asked for under V8\'s default flags when it set others, and sets its own back', () => {
      const file = join(root, 'out/tasks/cli/data.json');
      // Files named one by one: the quick profile, which sets V8 flags before the bundle.
      assert.deepEqual(launch('scan', file, '--builtin').builtin, { given: true, flagsBack: true });
      // Other commands set no flags: the engine requires the built-in itself.
      assert.deepEqual(launch('osv-download', '--builtin').builtin, { given: false, flagsBack: true });
    });

    it('exits with the command\'s code once its output is written, to a pipe, a file or a socket', () => {
      const expected = 'x'.repeat(1023).concat('\n').repeat(4096) + 'end\n';
      const pipe = spawnSync('/bin/sh', ['-c', `"${process.execPath}" "${join(root, 'tasks/cli/palisade.js')}" big | cat`], { encoding: 'utf8', maxBuffer: 1 << 24 });
      assert.equal(pipe.stdout, expected, 'through a pipe');
      const out = join(root, 'out.txt');
      const file = spawnSync('/bin/sh', ['-c', `"${process.execPath}" "${join(root, 'tasks/cli/palisade.js')}" big > "${out}"; echo $?`], { encoding: 'utf8' });
      assert.equal(file.stdout, '3\n');
      assert.equal(readFileSync(out, 'utf8'), expected, 'into a file');
      // spawnSync's stdout is a socket: the CLI writes it through Node's stream.
      const socket = spawnSync(process.execPath, [join(root, 'tasks/cli/palisade.js'), 'big'], { encoding: 'utf8', maxBuffer: 1 << 24 });
      assert.equal(socket.status, 3);
      assert.equal(socket.stdout, expected, 'through a socket');
    });

    it('falls back to the compiled files when one changed after the bundle was made', () => {
      const later = new Date(Date.now() + 10_000);
      utimesSync(join(root, 'out/tasks/engine/shared.js'), later, later);
      assert.equal(launch().from, 'files');
    });
  });

  describe('in parts', () => {
    /** A CLI that requires the engine (the second entry, so its own part) only for `scan`. */
    const PARTED = {
      'out/tasks/cli/main.js': `"use strict";
const shared_1 = require("../engine/shared");
exports.quietOnClosedPipe = () => {};
exports.main = async (argv) => {
  const engine = argv[0] === "scan" ? require("../engine/index") : undefined;
  const where = (fn) => (/palisade\\.bundle\\.engine\\.js/.test(fn()) ? "part" : /palisade\\.bundle\\.js/.test(fn()) ? "main" : "files");
  process.stdout.write(JSON.stringify({ cli: where(() => new Error().stack.split("\\n")[1]), engine: engine && where(engine.stack), same: !engine || engine.shared === shared_1 }) + "\\n");
  return 0;
};
`,
      'out/tasks/engine/shared.js': '"use strict";\nexports.n = 1;\n',
      'out/tasks/engine/index.js': '"use strict";\nconst shared_1 = require("./shared");\nconst rest_1 = require("./rest");\nexports.shared = shared_1;\nexports.stack = () => rest_1.stack();\n',
      // The first frame alone: the others are its callers'.
      'out/tasks/engine/rest.js': '"use strict";\nexports.stack = () => new Error().stack.split("\\n")[1];\n',
    };
    const launch = (...argv: string[]) => {
      const r = spawnSync(process.execPath, [join(root, 'tasks/cli/palisade.js'), ...argv], { encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      return JSON.parse(r.stdout) as { cli: string; engine?: string; same: boolean };
    };
    const part = () => join(root, 'out/cli/palisade.bundle.engine.js');
    beforeEach(() => {
      root = makeTree(PARTED);
      mkdirSync(join(root, 'tasks/cli'), { recursive: true });
      copyFileSync(join(REPO_ROOT, 'tasks/cli/palisade.js'), join(root, 'tasks/cli/palisade.js'));
      writeCliBundle(join(root, 'out'));
    });

    it('writes each later entry\'s modules to a file of their own, read only by a command that requires one', () => {
      assert.ok(existsSync(part()));
      assert.doesNotMatch(readFileSync(join(root, 'out/cli/palisade.bundle.js'), 'latin1'), /exports\.stack/, 'the engine is not in the main file');
      assert.deepEqual(launch('rules'), { cli: 'main', same: true });
      assert.ok(!existsSync(`${part()}.rules.cache`), 'rules did not read the part');
      assert.deepEqual(launch('scan'), { cli: 'main', engine: 'part', same: true }, 'a module of the main file is the same instance for the part');
      assert.ok(existsSync(`${part()}.scan-code.cache`), 'the part keeps a code cache of its own');
      assert.deepEqual(launch('scan'), { cli: 'main', engine: 'part', same: true });
    });

    it('reads a part larger than the files read before it, and its cache, whole (the launcher reads them all into one buffer)', () => {
      // Past the buffer's first size (64 KB) and the main file's: the buffer grows for the part.
      writeFileSync(join(root, 'out/tasks/engine/rest.js'), `"use strict";\nexports.filler = "${'x'.repeat(300_000)}";\nexports.stack = () => new Error().stack.split("\\n")[1];\n`);
      writeCliBundle(join(root, 'out'));
      assert.ok(statSync(part()).size > 300_000 && statSync(part()).size > 4 * statSync(join(root, 'out/cli/palisade.bundle.js')).size);
      assert.deepEqual(launch('scan'), { cli: 'main', engine: 'part', same: true });
      const cache = `${part()}.scan-code.cache`;
      const made = statSync(cache).ino;
      assert.deepEqual(launch('scan'), { cli: 'main', engine: 'part', same: true });
      // A cache V8 refused (bytes read wrong) would have been written again.
      assert.equal(statSync(cache).ino, made, 'the cache was taken as it was');
    });

    it('loads a part\'s modules from their files when one changed after the bundle was made, or the part is of another build', () => {
      const later = new Date(Date.now() + 10_000);
      utimesSync(join(root, 'out/tasks/engine/rest.js'), later, later);
      assert.deepEqual(launch('scan'), { cli: 'main', engine: 'files', same: true });
      writeCliBundle(join(root, 'out'));
      const text = readFileSync(part(), 'latin1');
      writeFileSync(part(), text.replace(/^(.*\/\/ engine )\S+/, '$1another.build'));
      assert.deepEqual(launch('scan'), { cli: 'main', engine: 'files', same: true });
    });
  });

  it('is what `npm run build` leaves for the real CLI, and the CLI runs from it', () => {
    assert.ok(existsSync(join(REPO_ROOT, 'out/cli/palisade.bundle.js')), 'run npm run build');
    const r = spawnSync(process.execPath, [join(REPO_ROOT, 'tasks/cli/palisade.js'), 'rules', '--format', 'json', '--kind', 'code'], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const rules = JSON.parse(r.stdout) as { kind: string; helpText: string }[];
    assert.ok(rules.length > 50 && rules.every((x) => x.kind === 'code' && x.helpText.length > 0));
  });
});
