/** What every view shares (hub/securityHub/HubContext.tsx): useHub inside the hub, and a clear error outside it. */
import assert from 'node:assert/strict';
import * as React from 'react';
import { HubSharedContext, useHub, type HubShared } from '../../../hub/securityHub/HubContext';
import { mount, text, unmountAll } from '../components/render';

function Reader(): JSX.Element {
  const hub = useHub();
  return <span>{`${hub.route.tab} ${hub.repos.map((r) => r.name).join(',')} ${hub.permission.state}`}</span>;
}

class Catch extends React.Component<{ children: React.ReactNode }, { error?: Error }> {
  override state: { error?: Error } = {};
  static getDerivedStateFromError(error: Error) {
    return { error };
  }
  override render() {
    return this.state.error ? <b>{this.state.error.message}</b> : this.props.children;
  }
}

describe('hub components: shared hub context', () => {
  afterEach(() => unmountAll());

  it('gives views the hub they are in', () => {
    const shared = { repos: [{ id: 'r', name: 'web' }], permission: { state: 'allowed' }, route: { tab: 'scans' }, navigate: () => undefined } as unknown as HubShared;
    const c = mount(<HubSharedContext.Provider value={shared}><Reader /></HubSharedContext.Provider>).container;
    assert.equal(text(c), 'scans web allowed');
  });

  it('refuses to be used outside the hub', () => {
    const original = console.error;
    console.error = () => undefined;
    try {
      const c = mount(<Catch><Reader /></Catch>).container;
      assert.equal(text(c), 'useHub() outside the hub');
    } finally {
      console.error = original;
    }
  });
});
