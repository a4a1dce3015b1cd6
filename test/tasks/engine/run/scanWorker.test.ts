import assert from 'node:assert/strict';
import { once } from 'node:events';
import { MessageChannel, Worker } from 'node:worker_threads';
import { join } from 'node:path';
import type { BatchResult } from '../../../../tasks/engine/run/fileBatch';
import { PROGRESS, type BatchMessage } from '../../../../tasks/engine/run/scanPool';
import { scanWorkerScript } from '../../../../tasks/engine/scanThread';
import type { CodeRuleSpec, SecretRuleSpec } from '../../../../tasks/engine/rules/ruleSpec';
import { makeTree, removeTree } from '../../../support/tmpTree';

const secretRule = (samples: SecretRuleSpec['samples']): SecretRuleSpec => ({
  id: 'tok-test', kind: 'secret', title: 'Test token', severity: 'high', cwe: ['CWE-798'], keywords: ['tok_'], pattern: 'tok_[a-z0-9]{20}', help: 'Rotate it.', samples,
});

const codeRule = (samples: CodeRuleSpec['samples']): CodeRuleSpec => ({
  id: 'js-test-eval', kind: 'code', title: 'Eval', severity: 'medium', cwe: ['CWE-95'], languages: ['javascript'], match: [{ call: ['eval()'] }], help: 'h', samples,
});

type RuleSpecLike = SecretRuleSpec | CodeRuleSpec;

/** Runs the thread in a sample-check mode and returns its answer and the final flag. */
async function checkSamples(mode: 'checkSecretSamples' | 'checkCodeSamples', spec: RuleSpecLike): Promise<{ problems: string[]; flag: number }> {
  const flag = new Int32Array(new SharedArrayBuffer(4));
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(scanWorkerScript(), { workerData: { mode, spec, flag, port: port2 }, transferList: [port2] });
  // Listened for from the start: the thread answers and exits at once, and an 'exit' emitted
  // before a listener is attached is missed (the test then waited out its timeout on a busy machine).
  const exited = once(worker, 'exit');
  try {
    const [[problems]] = (await Promise.all([once(port1, 'message'), exited])) as [[string[]], unknown];
    return { problems, flag: Atomics.load(flag, 0) };
  } finally {
    port1.close();
    await worker.terminate();
  }
}

describe('run/scanWorker', () => {
  let root: string | undefined;
  afterEach(() => {
    if (root) removeTree(root);
    root = undefined;
  });

  it('checks a secret rule\'s samples on its own thread and signals that it answered', async () => {
    const good = await checkSamples('checkSecretSamples', secretRule({ positive: ['x = tok_k3j9x8m2v6p5t4z7r2q1'], negative: ['x = tok_short'] }));
    assert.deepEqual(good, { problems: [], flag: 2 });
    const bad = await checkSamples('checkSecretSamples', secretRule({ positive: ['x = nothing here'], negative: [] }));
    assert.equal(bad.problems.length, 1);
    assert.match(bad.problems[0], /positive/);
  });

  it('checks a code rule\'s samples on its own thread', async () => {
    const good = await checkSamples('checkCodeSamples', codeRule({ positive: ['eval(x)'], negative: ['run(x)'] }));
    assert.deepEqual(good, { problems: [], flag: 2 });
    const bad = await checkSamples('checkCodeSamples', codeRule({ positive: ['run(x)'], negative: ['eval(y)'] }));
    assert.deepEqual(bad.problems, ['positive sample 1 is not matched by the rule: "run(x)"', 'negative sample 1 is matched by js-test-eval: "eval(y)"']);
  });

  it('says ready, scans batches with the rules it was given (severity overrides applied), reports progress, and exits on null', async () => {
    root = makeTree({ 'a.js': 'const t = "tok_k3j9x8m2v6p5t4z7r2q1";\neval(req.query.x);\n', 'b.txt': 'nothing\n' });
    const progress = new Int32Array(new SharedArrayBuffer(4 * 3));
    const specs = [secretRule({ positive: [], negative: [] }), codeRule({ positive: [], negative: [] })];
    const worker = new Worker(scanWorkerScript(), {
      workerData: { specs, severities: { 'tok-test': 'critical' }, knownRuleIds: ['tok-test', 'js-test-eval'], collectSecrets: true, anchors: [], progress },
    });
    try {
      assert.deepEqual(await once(worker, 'message'), ['ready']);
      const files = ['a.js', 'b.txt'].map((p) => ({ path: p, abs: join(root!, p), size: 50 }));
      const msg: BatchMessage = { files, skipRules: [] };
      worker.postMessage(msg);
      const [r] = (await once(worker, 'message')) as [BatchResult];
      assert.equal(r.filesScanned, 2);
      assert.deepEqual(r.findings.map((f) => [f.ruleId, f.severity, f.region.startLine]).sort(), [['js-test-eval', 'medium', 2], ['tok-test', 'critical', 1]]);
      assert.deepEqual(r.secrets, ['tok_k3j9x8m2v6p5t4z7r2q1']);
      assert.ok(Atomics.load(progress, PROGRESS.step) > 0, 'progress steps counted');
      assert.equal(Atomics.load(progress, PROGRESS.file), 1, 'the last file index');

      worker.postMessage({ files: files.slice(0, 1), skipRules: ['js-test-eval'] } satisfies BatchMessage);
      const [r2] = (await once(worker, 'message')) as [BatchResult];
      assert.deepEqual(r2.findings.map((f) => f.ruleId), ['tok-test'], 'skipped rules do not run');

      worker.postMessage(null);
      const [code] = await once(worker, 'exit');
      assert.equal(code, 0);
    } finally {
      await worker.terminate();
    }
  });
});
