/**
 * A small extension page for the emulator: it uses the SDK and the REST clients the way the hub
 * does (handshake, services, an access token, REST from the iframe across origins) and shows
 * what it got. Browser tests drive it through `window.__sample`; `npm start` can show it before
 * the hub is built.
 */
import { CommonServiceIds, getClient, type IExtensionDataService, type IProjectPageService } from 'azure-devops-extension-api';
import { GitRestClient } from 'azure-devops-extension-api/Git';
import * as SDK from 'azure-devops-extension-sdk';
import * as React from 'react';
import * as ReactDOM from 'react-dom';

interface Check {
  name: string;
  ok: boolean;
  detail: string;
}

interface SampleHooks {
  SDK: typeof SDK;
  getClient: typeof getClient;
  GitRestClient: typeof GitRestClient;
  /** Resolves when the checks below have run. */
  done: Promise<Check[]>;
}

declare global {
  interface Window {
    __sample?: SampleHooks;
  }
}

const COLLECTION = 'emulator-sample';

async function runChecks(): Promise<Check[]> {
  const checks: Check[] = [];
  const check = async (name: string, f: () => Promise<string>) => {
    try {
      checks.push({ name, ok: true, detail: await f() });
    } catch (e) {
      checks.push({ name, ok: false, detail: (e as Error)?.message ?? String(e) });
    }
  };
  await SDK.init({ loaded: false });
  await check('handshake', async () => `${SDK.getUser().displayName} in ${SDK.getHost().name}, contribution ${SDK.getContributionId()}`);
  await check('project', async () => {
    const service = await SDK.getService<IProjectPageService>(CommonServiceIds.ProjectPageService);
    return (await service.getProject())?.name ?? '(none)';
  });
  await check('extension data', async () => {
    const service = await SDK.getService<IExtensionDataService>(CommonServiceIds.ExtensionDataService);
    const manager = await service.getExtensionDataManager(SDK.getExtensionContext().id, await SDK.getAccessToken());
    // A personal document (User scope), so the check works for readers too.
    const mine = { scopeType: 'User' };
    const written = await manager.setDocument(COLLECTION, { id: 'last-visit', at: new Date().toISOString(), by: SDK.getUser().displayName }, mine);
    const read = await manager.getDocument(COLLECTION, 'last-visit', mine);
    return `wrote etag ${written.__etag as number}, read back ${read.by as string}`;
  });
  await check('git repositories (REST across origins)', async () => {
    const project = SDK.getWebContext().project.name;
    const repos = await getClient(GitRestClient).getRepositories(project);
    return repos.map((r) => r.name).join(', ');
  });
  await SDK.notifyLoadSucceeded();
  return checks;
}

function Results({ done }: { done: Promise<Check[]> }): React.ReactElement {
  const [checks, setChecks] = React.useState<Check[] | undefined>();
  React.useEffect(() => {
    void done.then((c) => {
      setChecks(c);
      SDK.resize();
    });
  }, [done]);
  return (
    <div style={{ padding: 24, fontFamily: 'Segoe UI, sans-serif' }}>
      <h1 style={{ fontSize: 20, fontWeight: 600 }}>Emulator sample extension</h1>
      {!checks && <p>Running…</p>}
      <ul>
        {checks?.map((c) => (
          <li key={c.name} data-check={c.name} data-ok={String(c.ok)}>
            <strong>{c.ok ? '✓' : '✗'} {c.name}</strong>: {c.detail}
          </li>
        ))}
      </ul>
    </div>
  );
}

const done = runChecks();
window.__sample = { SDK, getClient, GitRestClient, done };
ReactDOM.render(<Results done={done} />, document.getElementById('root'));
