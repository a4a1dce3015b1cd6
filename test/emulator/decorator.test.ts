/**
 * The emulator's decorator evaluator: template expressions with the service's semantics
 * (case-insensitive comparison, filtered arrays, null-safe properties) and template expansion
 * rules (`${{ if }}` items, tasks named by id only, unknown constructs refused).
 */
import assert from 'node:assert/strict';
import { evaluate, ExpressionError, parseExpression, type Value } from './decorator/expressions';
import { expandTemplate } from './decorator/expand';

const ctx: Record<string, Value> = {
  job: { steps: [{ task: { id: 'D9BAFED4-0B18-4F58-968D-86655B4D2CE9', name: 'CmdLine' }, inputs: { script: 'echo' } }, { task: { id: 'abc' }, inputs: {} }] },
  resources: { repositories: { self: { type: 'Git', name: 'web-shop', ref: 'refs/heads/main', defaultBranch: 'refs/heads/main' } } },
  variables: { skipInjecting: 'true' },
};
const ev = (e: string) => evaluate(parseExpression(e), ctx);

describe('Emulator: pipeline decorator expressions and templates', () => {
  it('evaluates property chains, filtered arrays and functions as the service does', () => {
    assert.deepEqual(ev('job.steps.*.task.id'), ['D9BAFED4-0B18-4F58-968D-86655B4D2CE9', 'abc']);
    assert.equal(ev("containsValue(job.steps.*.task.id, 'd9bafed4-0b18-4f58-968d-86655b4d2ce9')"), true, 'ignores case');
    assert.equal(ev("containsValue(job.steps.*.task.id, 'e213ff0f-5d5c-4791-802d-52ea3e7be1f1')"), false);
    assert.equal(ev("eq(resources.repositories['self'].type, 'git')"), true);
    assert.equal(ev("eq(resources.repositories['__designer_repo'].type, 'Git')"), false, 'a missing repository is null, not an error');
    assert.equal(ev("eq(resources.repositories['self'].ref, resources.repositories['self'].defaultBranch)"), true);
    assert.equal(ev("and(true, not(eq(variables['skipInjecting'], 'true')))"), false);
    assert.equal(ev("or(false, ne(variables['missing'], 'x'))"), true);
    assert.equal(ev("in('b', 'a', 'B')"), true);
    assert.equal(ev("startsWith(resources.repositories.self.ref, 'refs/heads/')"), true);
    assert.equal(ev("eq('it''s', 'IT''S')"), true, 'quotes doubled inside strings');
  });

  it('refuses what it cannot evaluate rather than guessing', () => {
    assert.throws(() => ev('format(1)'), ExpressionError);
    assert.throws(() => ev('pipeline.name'), /unknown name/);
    assert.throws(() => ev("eq('a'"), ExpressionError);
    assert.throws(() => expandTemplate("steps:\n- ${{ each s in job.steps }}:\n  - script: echo\n", ctx, 'x'), /only \$\{\{ if \}\}/);
  });

  it('expands ${{ if }} items and substitutes values; a task must be named by id', () => {
    const t = "steps:\n- ${{ if eq(resources.repositories['self'].type, 'Git') }}:\n  - task: 9fe5bdb6-a5ef-4f7d-9edb-edb70ada67d0@1\n    displayName: Scan ${{ resources.repositories['self'].name }}\n- ${{ if eq(1, 2) }}:\n  - script: never\n";
    const steps = expandTemplate(t, ctx, 'c');
    assert.deepEqual(steps.map((s) => [s.task.id, s.displayName, s.injectedBy]), [['9fe5bdb6-a5ef-4f7d-9edb-edb70ada67d0', 'Scan web-shop', 'c']]);
    assert.throws(() => expandTemplate('steps:\n- task: PalisadeScan@1\n', ctx, 'c'), /by name; a decorator must use the task's id/);
  });
});
