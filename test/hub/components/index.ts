// Entry of the component test bundle (hub/webpack.hub.js --env hubTests): the DOM first, then
// every component test (each at its module's path under test/, e.g. test/hub/shared/components/Severity.test.tsx).
import './setupDom';
import '../shared/components/SafeMarkdown.test';
import '../shared/components/Severity.test';
import '../shared/components/StatusBadges.test';
import '../shared/components/LoadState.test';
import '../shared/hooks/useAsync.test';
import '../securityHub/HubContext.test';
import '../securityHub/findings/RepositoryPicker.test';
import '../securityHub/App.test';
import '../securityHub/scans/ScansTab.test';
import '../securityHub/scans/ScanLogPanel.test';
import '../securityHub/settings/SettingsForm.test';
import '../securityHub/settings/SettingsTab.test';
import '../shared/components/FindingsTable.test';
import '../shared/components/FindingDetailPanel.test';
import '../securityHub/findings/TriageSection.test';
import '../securityHub/findings/FindingDetailPanel.test';
import '../securityHub/findings/FindingsFilterBar.test';
import '../securityHub/findings/FindingsTab.test';
import '../securityHub/overview/OverviewTab.test';
import '../securityHub/overview/RepositoriesTable.test';
import '../buildTab/BuildTab.test';
import '../inventory/InventoryPage.test';
