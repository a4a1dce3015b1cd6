/** Entry point of the Organization settings page "Palisade inventory". */
import 'azure-devops-ui/Core/override.css';
import * as React from 'react';
import * as ReactDOM from 'react-dom';
import * as SDK from 'azure-devops-extension-sdk';
import type { ILocationService } from 'azure-devops-extension-api';
import { ThrottledClient } from '../shared/sdk/throttledClient';
import { browserCheckpointStore } from './checkpointStore';
import { InventoryPage } from './InventoryPage';

const root = document.getElementById('root');

async function start(): Promise<void> {
  await SDK.init({ loaded: false, applyTheme: true });
  await SDK.ready();
  const location = await SDK.getService<ILocationService>('ms.vss-features.location-service');
  const orgUrl = await location.getServiceLocation();
  const user = SDK.getUser();
  // The user's own token: the inventory shows and changes only what Azure DevOps lets this user.
  const client = new ThrottledClient(orgUrl, async () => `Bearer ${await SDK.getAccessToken()}`, { concurrency: 4 });
  ReactDOM.render(<InventoryPage client={client} store={browserCheckpointStore(window.localStorage, orgUrl, user.id)} user={{ id: user.id, displayName: user.displayName || user.name }} />, root);
  await SDK.notifyLoadSucceeded();
}

start().catch((e: unknown) => {
  ReactDOM.render(<p role="alert">{`The Palisade inventory could not start: ${e instanceof Error ? e.message : String(e)}`}</p>, root);
  void SDK.notifyLoadFailed(e instanceof Error ? e : String(e));
});
