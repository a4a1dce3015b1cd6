/** Loading state for async reads (hub/shared/hooks/useAsync.ts): loading, ready, error, reload, and no stale answer overwriting a newer one. */
import assert from 'node:assert/strict';
import * as React from 'react';
import * as ReactDOM from 'react-dom';
import { act } from 'react-dom/test-utils';
import { useAsync, type AsyncState } from '../../../../hub/shared/hooks/useAsync';
import { mount, unmountAll, waitFor } from '../../components/render';

type Seen = AsyncState<string> & { reload: () => void };

function Probe(props: { load: () => Promise<string>; dep: string; seen: Seen[] }): JSX.Element {
  const state = useAsync(props.load, [props.dep]);
  props.seen.push(state);
  return <span>{state.status}</span>;
}

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('hub hooks: useAsync', () => {
  afterEach(() => unmountAll());
  const last = (seen: Seen[]) => seen[seen.length - 1];

  it('is loading, then ready with the value; reload loads again', async () => {
    const seen: Seen[] = [];
    let calls = 0;
    mount(<Probe load={async () => `v${++calls}`} dep="a" seen={seen} />);
    assert.equal(seen[0].status, 'loading');
    await waitFor(() => last(seen).status === 'ready', 'ready');
    assert.equal(last(seen).value, 'v1');
    last(seen).reload();
    await waitFor(() => last(seen).value === 'v2', 'the reloaded value');
    assert.ok(seen.some((s, i) => i > 0 && s.status === 'loading'), 'loading again in between');
  });

  it('turns a rejection into an Error, whatever was thrown', async () => {
    const seen: Seen[] = [];
    mount(<Probe load={() => Promise.reject('offline')} dep="a" seen={seen} />);
    await waitFor(() => last(seen).status === 'error', 'the error');
    assert.ok(last(seen).error instanceof Error);
    assert.equal(last(seen).error?.message, 'offline');
  });

  it('drops the answer of a superseded load', async () => {
    const seen: Seen[] = [];
    const slow = deferred<string>();
    const fast = deferred<string>();
    const { container } = mount(<Probe load={() => slow.promise} dep="a" seen={seen} />);
    act(() => {
      ReactDOM.render(<Probe load={() => fast.promise} dep="b" seen={seen} />, container);
    });
    fast.resolve('for b');
    await waitFor(() => last(seen).value === 'for b', 'the current answer');
    slow.resolve('for a');
    await act(async () => {
      await new Promise((r) => setTimeout(r, 20));
    });
    assert.equal(last(seen).value, 'for b', 'the older answer, arriving later, is dropped');
  });

});
