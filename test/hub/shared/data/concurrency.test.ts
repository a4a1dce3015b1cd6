/** Bounded concurrency (hub/shared/data/concurrency.ts): mapLimit keeps order, Limiter never exceeds its limit. */
import assert from 'node:assert/strict';
import { Limiter, mapLimit } from '../../../../hub/shared/data/concurrency';

const tick = (ms = 1) => new Promise((r) => setTimeout(r, ms));

describe('hub concurrency: mapLimit', () => {
  it('keeps the input order whatever order the calls finish in, with at most `limit` in flight', async () => {
    let active = 0;
    let most = 0;
    const out = await mapLimit([5, 1, 4, 2, 3, 0], 2, async (n, i) => {
      active++;
      most = Math.max(most, active);
      await tick(n);
      active--;
      return `${i}:${n}`;
    });
    assert.deepEqual(out, ['0:5', '1:1', '2:4', '3:2', '4:3', '5:0']);
    assert.equal(most, 2);
  });

  it('does nothing for no items and rejects when a call fails', async () => {
    let calls = 0;
    assert.deepEqual(await mapLimit([], 4, async () => ++calls), []);
    assert.equal(calls, 0);
    await assert.rejects(mapLimit([1, 2, 3], 2, async (n) => {
      if (n === 2) throw new Error('two failed');
      return n;
    }), /two failed/);
  });
});

describe('hub concurrency: Limiter', () => {
  it('never runs more than its limit at once', async () => {
    const limiter = new Limiter(3);
    let active = 0;
    let most = 0;
    await Promise.all(Array.from({ length: 20 }, () => limiter.run(async () => {
      active++;
      most = Math.max(most, active);
      await tick();
      active--;
    })));
    assert.equal(most, 3);
  });

  it('frees the slot of a failed task, and runs waiting tasks in the order they came', async () => {
    const limiter = new Limiter(1);
    const order: number[] = [];
    const failed = limiter.run(async () => {
      await tick();
      throw new Error('boom');
    });
    const rest = [1, 2, 3].map((n) => limiter.run(async () => {
      order.push(n);
      return n * 10;
    }));
    await assert.rejects(failed, /boom/);
    assert.deepEqual(await Promise.all(rest), [10, 20, 30]);
    assert.deepEqual(order, [1, 2, 3]);
    // Every slot was given back: a new task starts at once.
    let ran = false;
    await limiter.run(async () => {
      ran = true;
    });
    assert.ok(ran);
  });
});
