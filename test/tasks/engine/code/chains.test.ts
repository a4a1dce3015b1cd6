import assert from 'node:assert/strict';
import { anyMatches, chainStartsWith, compileChainPattern, matchesChain, splitChain } from '../../../../tasks/engine/code/chains';

const p = compileChainPattern;

describe('chains', () => {
  it('splits dotted chains, dropping empty segments', () => {
    assert.deepEqual(splitChain('req.query.id'), ['req', 'query', 'id']);
    assert.deepEqual(splitChain('db.query()'), ['db', 'query()']);
    assert.deepEqual(splitChain('.a..b.'), ['a', 'b']);
    assert.deepEqual(splitChain(''), []);
  });

  it('compiles patterns of names, calls, [], *, *() and **', () => {
    assert.deepEqual(p(' child_process.exec() ').segments, ['child_process', 'exec()']);
    assert.deepEqual(p('a.[].*.*().**').segments, ['a', '[]', '*', '*()', '**']);
    assert.deepEqual(p('@http.Request.body').segments, ['@http', 'Request', 'body']);
    assert.ok(matchesChain(p('bent()()'), ['bent()()']), 'a call of a call\'s result');
    assert.ok(!matchesChain(p('bent()()'), ['bent()']));
  });

  it('compiles a pattern text once and refuses a bad one every time', () => {
    assert.equal(p('a.b()'), p('a.b()'));
    assert.throws(() => p('a.b c'));
    assert.throws(() => p('a.b c'));
  });

  it('refuses empty patterns and bad segments with a message naming them', () => {
    assert.throws(() => p('  '), /chain pattern "  " is empty/);
    assert.throws(() => p('a.b c'), /chain pattern "a\.b c" has an invalid segment "b c"/);
    assert.throws(() => p('a.*x'), /invalid segment "\*x"/);
    assert.throws(() => p('a.f(x)'), /invalid segment "f\(x\)"/);
    assert.throws(() => p('a.***'), /invalid segment/);
  });

  it('matches whole chains segment by segment', () => {
    assert.ok(matchesChain(p('req.query.id'), ['req', 'query', 'id']));
    assert.ok(!matchesChain(p('req.query'), ['req', 'query', 'id']), 'not a prefix match');
    assert.ok(!matchesChain(p('req.query.id'), ['req', 'query']));
    assert.ok(!matchesChain(p('db.query'), ['db', 'query()']), 'a call is not the property');
  });

  it('lets * match any one segment and *() only a call', () => {
    assert.ok(matchesChain(p('req.*.id'), ['req', 'body', 'id']));
    assert.ok(matchesChain(p('req.*'), ['req', 'get()']));
    assert.ok(matchesChain(p('db.*()'), ['db', 'query()']));
    assert.ok(!matchesChain(p('db.*()'), ['db', 'query']));
    assert.ok(matchesChain(p('a.[]'), ['a', '[]']));
  });

  it('lets ** match zero or more segments anywhere', () => {
    const q = p('**.exec()');
    assert.ok(matchesChain(q, ['exec()']));
    assert.ok(matchesChain(q, ['cp', 'exec()']));
    assert.ok(matchesChain(q, ['a', 'b', 'c', 'exec()']));
    assert.ok(!matchesChain(q, ['a', 'exec']));
    assert.ok(matchesChain(p('req.**'), ['req']));
    assert.ok(matchesChain(p('a.**.z'), ['a', 'z']));
    assert.ok(matchesChain(p('a.**.z'), ['a', 'x', 'y', 'z']));
    assert.ok(!matchesChain(p('a.**.z'), ['a', 'x', 'y']));
  });

  it('matches prefixes with chainStartsWith', () => {
    assert.ok(chainStartsWith(p('req.query'), ['req', 'query', 'id']));
    assert.ok(chainStartsWith(p('req.query'), ['req', 'query']));
    assert.ok(!chainStartsWith(p('req.query.id'), ['req', 'query']));
    assert.ok(!chainStartsWith(p('req.body'), ['req', 'query', 'body']));
  });

  it('anyMatches tries every pattern against every chain, whole or as prefix', () => {
    const pats = [p('req.body'), p('process.env.*')];
    assert.ok(anyMatches(pats, [['x'], ['process', 'env', 'HOME']]));
    assert.ok(!anyMatches(pats, [['req', 'body', 'name']]));
    assert.ok(anyMatches(pats, [['req', 'body', 'name']], true));
    assert.ok(!anyMatches([], [['req']]));
    assert.ok(!anyMatches(pats, []));
  });

  it('anyMatches answers as the plain loop does when it indexes many patterns by their first name', () => {
    const sources = ['**.request.args', '**.request.form', 'req.query', 'req.body.*', '**.req.get_param()', '*.env', '*().read()', '**', 'a.**.z', '**.**.deep', '@http.Request.FormValue()', 'x.[]', '**.[].name'].map(p);
    assert.ok(sources.length >= 8, 'enough patterns to be indexed');
    const chains: string[][] = [
      ['flask', 'request', 'args'], ['request', 'args', 'get()'], ['req', 'query', 'q'], ['req', 'body', 'name'], ['req', 'body'],
      ['self', 'req', 'get_param()'], ['os', 'env'], ['open()', 'read()'], ['a', 'b', 'z'], ['a', 'b', 'y'], ['q', 'deep'],
      ['@http.Request', 'FormValue()'], ['r', 'FormValue()'], ['x', '[]'], ['rows', '[]', 'name'], ['db', 'query()'], [],
    ];
    const plain = (pats: ReturnType<typeof p>[], cs: string[][], prefix: boolean) => cs.some((c) => pats.some((q) => (prefix ? chainStartsWith(q, c) : matchesChain(q, c))));
    for (const prefix of [false, true]) {
      for (let i = 0; i < sources.length; i++) {
        // Every pattern set from the full one down (without '**', which matches everything).
        const pats = sources.filter((q, j) => j !== i && q.source !== '**');
        for (const c of chains) assert.equal(anyMatches(pats, [c], prefix), plain(pats, [c], prefix), `${c.join('.')} (prefix ${prefix}) without ${sources[i].source}`);
      }
      for (const c of chains) assert.equal(anyMatches(sources, [c], prefix), plain(sources, [c], prefix), `${c.join('.')} with **`);
    }
  });
});
