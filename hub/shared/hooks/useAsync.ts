import * as React from 'react';

export type AsyncState<T> =
  | { status: 'loading'; value?: undefined; error?: undefined }
  | { status: 'ready'; value: T; error?: undefined }
  | { status: 'error'; value?: undefined; error: Error };

/**
 * Runs `load` when `deps` change and on `reload()`; results of superseded runs are dropped, so
 * a slow answer for the previous repository never overwrites the current one.
 */
export function useAsync<T>(load: () => Promise<T>, deps: React.DependencyList): AsyncState<T> & { reload: () => void } {
  const [state, setState] = React.useState<AsyncState<T>>({ status: 'loading' });
  const [generation, setGeneration] = React.useState(0);
  React.useEffect(() => {
    let current = true;
    setState({ status: 'loading' });
    load().then(
      (value) => current && setState({ status: 'ready', value }),
      (e: unknown) => current && setState({ status: 'error', error: e instanceof Error ? e : new Error(String(e)) }),
    );
    return () => {
      current = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, generation]);
  const reload = React.useCallback(() => setGeneration((g) => g + 1), []);
  return { ...state, reload };
}
