/**
 * Organization settings > Palisade inventory: every project and repository the signed-in user
 * can see, with managed coverage, last scan and open findings; filter, sort, bulk enablement per
 * project (where the user may manage the project's properties), the one-click gate per
 * repository, and onboarding of repositories without a pipeline (plan shown first).
 */
import * as React from 'react';
import { SEVERITIES } from '../../tasks/contract/findings';
import type { ManagedMode } from '../../tasks/contract/managedScan';
import type { IdentityStamp } from '../../tasks/contract/triage';
import { addGate, removeGate } from '../shared/data/branchGate';
import { MANAGED_COVERAGE_LABELS, MANAGED_COVERAGE_ORDER, type ManagedCoverage } from '../shared/data/managedCoverage';
import { applyOnboarding, planOnboarding, removeOnboarding, type RepoPlan } from '../shared/data/onboarding';
import { enableProjects } from './data/bulkEnable';
import { discoverOrganization, type CheckpointStore, type DiscoveryProgress, type Inventory, type InventoryRepo } from './data/discovery';
import { inventoryRows, type SortKey } from './data/inventoryTable';
import type { ThrottledClient } from '../shared/sdk/throttledClient';
import { throttledPolicyClient } from './policyAdapter';

export interface InventoryPageProps {
  client: ThrottledClient;
  store: CheckpointStore;
  user: IdentityStamp;
}

const COLUMNS: { key: SortKey; label: string }[] = [
  { key: 'project', label: 'Project' },
  { key: 'repository', label: 'Repository' },
  { key: 'coverage', label: 'Coverage' },
  { key: 'lastScan', label: 'Last scan' },
  { key: 'findings', label: 'Open findings' },
];

function progressLine(p: DiscoveryProgress | undefined): string {
  if (!p) return '';
  if (p.phase === 'done') return `Done: ${p.projectsTotal} projects, ${p.reposFound} repositories, ${p.calls} calls${p.throttled ? `, throttled ${p.throttled} times (waited as asked)` : ''}.`;
  return `Discovering${p.current ? ` ${p.current}` : ''}: ${p.projectsDone} of ${p.projectsTotal || '?'} projects, ${p.reposFound} repositories, ${p.calls} calls${p.throttled ? `, throttled ${p.throttled} times` : ''}...`;
}

export function InventoryPage({ client, store, user }: InventoryPageProps): React.ReactElement {
  const [inventory, setInventory] = React.useState<Inventory>();
  const [progress, setProgress] = React.useState<DiscoveryProgress>();
  const [error, setError] = React.useState<string>();
  const [text, setText] = React.useState('');
  const [coverage, setCoverage] = React.useState<ManagedCoverage | ''>('');
  const [sort, setSort] = React.useState<{ key: SortKey; descending: boolean }>({ key: 'coverage', descending: false });
  const [messages, setMessages] = React.useState<string[]>([]);
  const [plan, setPlan] = React.useState<RepoPlan[]>();
  const [busy, setBusy] = React.useState(false);

  const discover = React.useCallback(async (fresh: boolean) => {
    if (fresh) store.clear();
    setError(undefined);
    try {
      setInventory(await discoverOrganization(client, { store, onProgress: setProgress }));
    } catch (e) {
      setError(`Discovery stopped: ${e instanceof Error ? e.message : String(e)}. What was found is kept; "Continue" resumes.`);
    }
  }, [client, store]);

  React.useEffect(() => {
    // An unfinished discovery resumes; a finished one starts again, so new projects and repositories appear.
    const cp = store.load();
    const finished = !!cp && cp.projects.every((p) => cp.done[p.id] && !cp.done[p.id].failed);
    void discover(finished);
  }, [discover, store]);

  const act = async (what: () => Promise<string[]>) => {
    setBusy(true);
    try {
      setMessages(await what());
      await discover(true);
    } catch (e) {
      setMessages([e instanceof Error ? e.message : String(e)]);
    } finally {
      setBusy(false);
    }
  };

  const rows = inventory ? inventoryRows(inventory.projects, { text, coverage: coverage ? [coverage] : undefined }, sort) : [];
  const noPipeline = rows.filter((r) => r.coverage === 'noPipeline' && !r.isDisabled);
  const enable = (projectId: string, mode: ManagedMode) =>
    act(async () => (await enableProjects(client, inventory!.projects.filter((p) => p.id === projectId), mode, user)).map((r) => `${r.projectName}: ${r.message}`));
  const gate = (r: InventoryRepo, on: boolean) =>
    act(async () => {
      const target = { projectId: r.projectId, repositoryId: r.id, repositoryName: r.name, defaultBranch: r.defaultBranch };
      const policy = throttledPolicyClient(client);
      if (on) return [(await addGate(policy, target)).created ? `${r.name}: status check added.` : `${r.name}: already gated.`];
      return [`${r.name}: ${await removeGate(policy, target)} status check(s) removed.`];
    });

  return (
    <div className="palisade-inventory" style={{ padding: 16 }}>
      <h2>Palisade inventory</h2>
      <p>{progressLine(progress)}</p>
      {error && <p role="alert">{error}</p>}
      <div style={{ display: 'flex', gap: 8, marginBottom: 8 }}>
        <input aria-label="Filter" placeholder="Filter by project or repository" value={text} onChange={(e) => setText(e.target.value)} />
        <select aria-label="Coverage" value={coverage} onChange={(e) => setCoverage(e.target.value as ManagedCoverage | '')}>
          <option value="">All coverage states</option>
          {MANAGED_COVERAGE_ORDER.map((c) => <option key={c} value={c}>{MANAGED_COVERAGE_LABELS[c]}</option>)}
        </select>
        <button disabled={busy} onClick={() => void discover(!inventory?.complete ? false : true)}>{inventory && !inventory.complete ? 'Continue' : 'Refresh'}</button>
      </div>
      {inventory && (
        <section aria-label="Projects">
          <h3>Projects</h3>
          <ul>
            {inventory.projects.map((p) => (
              <li key={p.id}>
                {p.name}: {p.repos.length} repositories{p.failed ? ` (could not be read: ${p.failed})` : ''}{' '}
                {p.canManage ? (
                  <>
                    <button disabled={busy} onClick={() => void enable(p.id, 'observe')}>Enable: observe only</button>{' '}
                    <button disabled={busy} onClick={() => void enable(p.id, 'enforce')}>Enable: enforce</button>{' '}
                    <button disabled={busy} onClick={() => void enable(p.id, 'off')}>Turn off</button>
                  </>
                ) : <em>you cannot change this project's settings</em>}
              </li>
            ))}
          </ul>
        </section>
      )}
      {messages.length > 0 && <ul aria-label="Results">{messages.map((m, i) => <li key={i}>{m}</li>)}</ul>}
      <table className="palisade-inventory-table">
        <thead>
          <tr>
            {COLUMNS.map((c) => (
              <th key={c.key} aria-sort={sort.key === c.key ? (sort.descending ? 'descending' : 'ascending') : 'none'}>
                <button onClick={() => setSort({ key: c.key, descending: sort.key === c.key ? !sort.descending : false })}>{c.label}</button>
              </th>
            ))}
            <th>Gate</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id}>
              <td>{r.projectName}</td>
              <td>{r.name}</td>
              <td title={r.warning}>{MANAGED_COVERAGE_LABELS[r.coverage]}{r.warning ? ' (!)' : ''}</td>
              <td>{r.lastScan ? `${r.lastScan.finishTime?.slice(0, 10) ?? ''} ${r.lastScan.outcome ?? ''}` : 'never'}</td>
              <td>{r.lastScan?.counts ? SEVERITIES.filter((s) => r.lastScan!.counts![s] > 0).map((s) => `${r.lastScan!.counts![s]} ${s}`).join(', ') || 'none' : r.lastScan?.unreadable ? 'unreadable' : ''}</td>
              <td>
                {r.defaultBranch && r.settings.enabled && (
                  <button disabled={busy} onClick={() => void gate(r, !r.gated)}>{r.gated ? 'Remove gate' : 'Add gate'}</button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <section aria-label="Repositories without a pipeline">
        <h3>Repositories without a pipeline ({noPipeline.length})</h3>
        <button disabled={busy || !noPipeline.length} onClick={() => setPlan(planOnboarding(noPipeline.map((r) => ({ projectId: r.projectId, id: r.id, name: r.name, defaultBranch: r.defaultBranch }))))}>
          Plan onboarding
        </button>
        {plan && (
          <div aria-label="Onboarding plan">
            <p>Nothing has been created yet. This is what "Create" will do:</p>
            {plan.map((p) => (
              <details key={p.repo.id} open>
                <summary>{p.repo.name}{p.skip ? `: skipped (${p.skip})` : ''}</summary>
                <ul>{p.actions.map((a) => <li key={a.kind}>{a.summary}</li>)}</ul>
                {p.yaml && <pre>{p.yaml}</pre>}
              </details>
            ))}
            <button disabled={busy} onClick={() => void act(async () => (await applyOnboarding(client, plan)).map((r) => `${r.repo.name}: ${r.message}`)).then(() => setPlan(undefined))}>Create</button>{' '}
            <button disabled={busy} onClick={() => setPlan(undefined)}>Cancel</button>
          </div>
        )}
        <p>To undo onboarding of a repository: {rows.filter((r) => r.hasPipeline).map((r) => (
          <button key={r.id} disabled={busy} onClick={() => void act(() => removeOnboarding(client, { projectId: r.projectId, id: r.id, name: r.name, defaultBranch: r.defaultBranch }))}>Remove from {r.name}</button>
        ))}</p>
      </section>
    </div>
  );
}
