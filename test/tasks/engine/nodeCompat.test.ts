/**
 * The task runs on Node 16 too: task.json offers a Node16 handler after Node20_1, for Azure
 * DevOps Server 2022.0/2022.1 agents (3.225), which have no Node20_1. So nothing in the task
 * may call an API newer than Node 16 except through tasks/engine/nodeCompat.ts.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { cpuCount, isValidUtf8 } from '../../../tasks/engine/nodeCompat';
import { REPO_ROOT } from '../../support/paths';

/** Globals and members added after Node 16 (Node 17-22), as they appear in source. */
const NEWER_THAN_NODE16: Array<[RegExp, string]> = [
  [/\bstructuredClone\s*\(/, 'structuredClone (Node 17)'],
  [/\.(findLast|findLastIndex)\s*\(/, 'Array.prototype.findLast (Node 18)'],
  [/\.(toSorted|toReversed|toSpliced)\s*\(/, 'change-array-by-copy (Node 20)'],
  [/\bObject\.groupBy\b|\bMap\.groupBy\b/, 'groupBy (Node 21)'],
  [/\bPromise\.withResolvers\b/, 'Promise.withResolvers (Node 22)'],
  [/\bArray\.fromAsync\b/, 'Array.fromAsync (Node 22)'],
  [/\bAbortSignal\.(timeout|any)\b/, 'AbortSignal.timeout/any (Node 17.3/20)'],
  [/\bavailableParallelism\b/, 'os.availableParallelism (Node 18.14): use nodeCompat.cpuCount'],
  [/\bisUtf8\b/, 'buffer.isUtf8 (Node 18.14): use nodeCompat.isValidUtf8'],
  [/\bisAscii\b/, 'buffer.isAscii (Node 19.6): use nodeCompat.isAsciiBytes'],
  [/\bisWellFormed\s*\(|\btoWellFormed\s*\(/, 'String.prototype.isWellFormed (Node 20)'],
  [/(^|[^.\w])fetch\s*\(/, 'global fetch (Node 18)'],
  [/\butil\.parseArgs\b|\bparseArgs\s*\(/, 'util.parseArgs (Node 18.3)'],
  [/['"]node:test['"]|['"]readline\/promises['"]/, 'node:test / readline/promises (Node 17+)'],
];

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return tsFiles(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [p] : [];
  });
}

/** Source without comments (a comment may name an API it avoids). */
function code(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}

describe('the task on Node 16', () => {
  const taskJson = JSON.parse(readFileSync(join(REPO_ROOT, 'tasks', 'PalisadeScanV1', 'task.json'), 'utf8')) as {
    execution: Record<string, { target: string }>;
    minimumAgentVersion: string;
  };

  it('declares Node20_1 first and a Node16 fallback, and asks for an agent that has the Node16 handler', () => {
    const handlers = Object.keys(taskJson.execution);
    assert.equal(handlers[0], 'Node20_1');
    assert.ok(handlers.includes('Node16'), handlers.join(', '));
    assert.equal(taskJson.execution.Node16.target, taskJson.execution.Node20_1.target);
    // The Node16 handler shipped in agent 2.206.1 (task-lib docs/minagent.md); 3.225 must qualify.
    const [major, minor] = taskJson.minimumAgentVersion.split('.').map(Number);
    assert.ok(major < 3 || (major === 3 && minor <= 225), `minimumAgentVersion ${taskJson.minimumAgentVersion} excludes agent 3.225`);
    assert.ok(major > 2 || (major === 2 && minor >= 206), `minimumAgentVersion ${taskJson.minimumAgentVersion} predates the Node16 handler`);
  });

  it('uses no API newer than Node 16 in the task, engine and contract sources', () => {
    const dirs = ['PalisadeScanV1', 'engine', 'contract'].map((d) => join(REPO_ROOT, 'tasks', d));
    const problems: string[] = [];
    for (const file of dirs.flatMap(tsFiles)) {
      if (file.endsWith('nodeCompat.ts')) continue;
      const text = code(readFileSync(file, 'utf8'));
      for (const [re, what] of NEWER_THAN_NODE16) if (re.test(text)) problems.push(`${relative(REPO_ROOT, file)}: ${what}`);
    }
    assert.deepEqual(problems, []);
  });

  it('bundles for Node 16 (webpack target), and the built bundle calls none of those APIs', function () {
    const config = readFileSync(join(REPO_ROOT, 'tasks', 'webpack.task.js'), 'utf8');
    assert.match(config, /target: 'node16'/);
    const bundle = join(REPO_ROOT, 'dist', 'PalisadeScanV1', 'index.js');
    if (!existsSync(bundle)) {
      process.stdout.write('      [bundle check skipped: dist/PalisadeScanV1 is not built (npx webpack --env part=task)]\n');
      return;
    }
    for (const name of ['index.js', 'scanWorker.js']) {
      const text = readFileSync(join(REPO_ROOT, 'dist', 'PalisadeScanV1', name), 'utf8');
      // Minified calls look like `(0,x.isUtf8)(buf)` or `structuredClone(v)`.
      for (const [re, what] of [
        [/\b(isUtf8|availableParallelism)\)\(/, 'buffer.isUtf8 / os.availableParallelism'],
        [/[^.\w]structuredClone\(/, 'structuredClone'],
        [/\.(toSorted|toReversed|toSpliced|findLast)\(/, 'array methods of Node 18+'],
        [/\bAbortSignal\.timeout\(/, 'AbortSignal.timeout'],
      ] as Array<[RegExp, string]>) {
        assert.doesNotMatch(text, re, `${name} calls ${what}`);
      }
    }
  });

  it('nodeCompat answers like the newer APIs', () => {
    assert.equal(isValidUtf8(Buffer.from('héllo ✓', 'utf8')), true);
    assert.equal(isValidUtf8(Buffer.from([0x68, 0xe9, 0x6c])), false);
    assert.equal(isValidUtf8(Buffer.from([0xed, 0xa0, 0x80])), false, 'a lone surrogate is not UTF-8');
    assert.ok(Number.isInteger(cpuCount()) && cpuCount() >= 1);
  });
});
