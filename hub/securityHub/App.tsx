/**
 * The Security hub: a page with four tabs over the project's repositories. The route (tab,
 * repository, PR, finding, scan) lives in the host URL, so links and back/forward work.
 */
import * as React from 'react';
import { Header, TitleSize } from 'azure-devops-ui/Header';
import { Page } from 'azure-devops-ui/Page';
import { Surface, SurfaceBackground } from 'azure-devops-ui/Surface';
import { Tab, TabBar, TabSize } from 'azure-devops-ui/Tabs';
import { HUB_TABS, sameRoute, type HubRoute, type HubTab } from '../shared/data/hubRoute';
import { HubData } from './data/hubData';
import { useAsync } from '../shared/hooks/useAsync';
import type { HubServices } from '../shared/services/hubServices';
import { describeError } from '../shared/components/errors';
import { Loading, LoadError, Empty } from '../shared/components/LoadState';
import { FindingsTab } from './findings/FindingsTab';
import { HubSharedContext, type EditPermission, type HubShared } from './HubContext';
import { OverviewTab } from './overview/OverviewTab';
import { ScansTab } from './scans/ScansTab';
import { SettingsTab } from './settings/SettingsTab';

/** Why settings and triage controls are disabled for users without the permission. */
export const ONLY_ADMINS = 'Only project administrators can change settings and triage: Azure DevOps requires the project permission "Manage project properties".';

const TAB_NAMES: Record<HubTab, string> = { overview: 'Overview', findings: 'Findings', scans: 'Scans', settings: 'Settings' };

export function HubApp(props: { services: HubServices; onReady?: () => void }): JSX.Element {
  const { services } = props;
  const [route, setRoute] = React.useState<HubRoute | null>(null);
  const routeRef = React.useRef<HubRoute | null>(null);
  routeRef.current = route;

  React.useEffect(() => {
    let live = true;
    services.navigation.onChange((r) => live && setRoute(r));
    services.navigation.initialRoute().then(
      (r) => live && setRoute((cur) => cur ?? r),
      () => live && setRoute((cur) => cur ?? { tab: 'overview' }),
    );
    return () => {
      live = false;
    };
  }, [services]);

  const repos = useAsync(() => services.listRepositories().then((list) => [...list].sort((a, b) => a.name.localeCompare(b.name))), [services]);
  const permission = useAsync(() => services.canManageProperties(), [services]);
  // One per page: the scan index, the record reader and the call limit every tab shares.
  const data = React.useMemo(() => (repos.status === 'ready' ? new HubData(services, repos.value) : undefined), [services, repos.status === 'ready' ? repos.value : null]); // eslint-disable-line react-hooks/exhaustive-deps

  const navigate = React.useCallback(
    (change: Partial<HubRoute>, options?: { replace?: boolean }) => {
      const cur = routeRef.current ?? { tab: 'overview' as const };
      const next: HubRoute = { ...cur, ...change };
      // Leaving a tab closes what was open in it.
      if (change.tab && change.tab !== cur.tab) {
        if (!('finding' in change)) next.finding = undefined;
        if (!('scan' in change)) next.scan = undefined;
      }
      if (sameRoute(cur, next)) return;
      routeRef.current = next;
      setRoute(next);
      if (options?.replace) services.navigation.replace(next);
      else services.navigation.push(next);
    },
    [services],
  );

  const ready = route !== null && repos.status !== 'loading';
  const { onReady } = props;
  React.useEffect(() => {
    if (ready) onReady?.();
  }, [ready, onReady]);

  const editPermission: EditPermission =
    permission.status === 'loading'
      ? { state: 'checking' }
      : permission.status === 'error'
        ? { state: 'denied', reason: `Your permission could not be checked (${describeError(permission.error)}), so settings and triage are read-only.` }
        : permission.value
          ? { state: 'allowed' }
          : { state: 'denied', reason: ONLY_ADMINS };

  let content: JSX.Element;
  if (!route || repos.status === 'loading') {
    content = <Loading label="Loading repositories..." />;
  } else if (repos.status === 'error') {
    content = <LoadError what="the repositories of this project" error={repos.error} onRetry={repos.reload} />;
  } else if (!repos.value.length || !data) {
    content = <Empty title="No repositories yet" text="This project has no Git repositories. Create one in Repos, then add the Palisade task to its pipeline." icon="GitLogo" />;
  } else {
    const shared: HubShared = { services, data, repos: repos.value, permission: editPermission, route, navigate };
    content = (
      <HubSharedContext.Provider value={shared}>
        <TabContent tab={route.tab} />
      </HubSharedContext.Provider>
    );
  }

  return (
    <Surface background={SurfaceBackground.neutral}>
      <Page className="palisade-hub flex-grow">
        <Header
          title="Security"
          titleSize={TitleSize.Large}
          description={`What Palisade scanned and found in the repositories of ${services.context.projectName}, and what was decided about it.`}
        />
        <TabBar
          ariaLabel="Security hub views"
          selectedTabId={route?.tab ?? 'overview'}
          onSelectedTabChanged={(id) => navigate({ tab: id as HubTab })}
          tabSize={TabSize.Tall}
        >
          {HUB_TABS.map((t) => (
            <Tab key={t} id={t} name={TAB_NAMES[t]} />
          ))}
        </TabBar>
        <div className="page-content page-content-top palisade-content">{content}</div>
      </Page>
    </Surface>
  );
}

function TabContent(props: { tab: HubTab }): JSX.Element {
  switch (props.tab) {
    case 'overview':
      return <OverviewTab />;
    case 'findings':
      return <FindingsTab />;
    case 'scans':
      return <ScansTab />;
    case 'settings':
      return <SettingsTab />;
  }
}
