/**
 * The host services an extension reaches with `SDK.getService(id)`. Ids are those of
 * azure-devops-extension-api's CommonServiceIds, plus the `ms.vss-features.*` aliases some
 * code uses for the project page and global message services.
 *
 * The extension data service returns a data manager that talks REST to the emulator with the
 * access token the extension passes in, through azure-devops-extension-api's
 * ExtensionManagementRestClient, as the real host does with its own client.
 */
import { ExtensionManagementRestClient } from 'azure-devops-extension-api/ExtensionManagement';
import type { Banner, UiModel } from './chrome';
import { CONTROL_PARAMS, type HostPageConfig } from './config';

export interface HostEvents {
  record(type: string, detail?: unknown): void;
}

interface DocumentOptions {
  scopeType?: string;
  scopeValue?: string;
  defaultValue?: unknown;
}

interface CollectionRef {
  collectionName: string;
  scopeType?: string;
  scopeValue?: string;
}

/** Settings (getValue/setValue) live in this collection, as with the service's own data manager. */
const SETTINGS_COLLECTION = '$settings';

export function createServices(config: HostPageConfig, ui: UiModel, events: HostEvents, reloadFrame: () => void): Record<string, object> {
  const hashListeners: Array<(hash: string) => void> = [];
  const currentHash = () => decodeURIComponent(window.location.hash.replace(/^#/, ''));
  const notifyHash = () => {
    const hash = currentHash();
    for (const l of hashListeners) void Promise.resolve(l(hash)).catch(() => undefined);
  };
  window.addEventListener('hashchange', notifyHash);

  const extensionData = {
    getExtensionDataManager(extensionId: string, accessToken: string) {
      events.record('service', { id: 'extension-data', extensionId });
      return dataManager(config, extensionId, accessToken);
    },
  };

  const location = {
    getResourceAreaLocation(resourceAreaId: string) {
      events.record('service', { id: 'location', resourceAreaId });
      return Promise.resolve(config.orgUrl);
    },
    getServiceLocation() {
      return Promise.resolve(config.orgUrl);
    },
    routeUrl(routeId: string, routeValues?: Record<string, string>) {
      const query = new URLSearchParams(routeValues ?? {}).toString();
      const base = `${window.location.origin}/${encodeURIComponent(config.organization.name)}/${encodeURIComponent(config.project.name)}`;
      return Promise.resolve(`${base}/_route/${encodeURIComponent(routeId)}${query ? `?${query}` : ''}`);
    },
  };

  const projectPage = {
    getProject() {
      return Promise.resolve({ id: config.project.id, name: config.project.name });
    },
  };

  const navigation = {
    getHash: () => Promise.resolve(currentHash()),
    setHash(hash: string) {
      events.record('hash', { hash, replace: false });
      window.location.hash = hash;
    },
    replaceHash(hash: string) {
      events.record('hash', { hash, replace: true });
      history.replaceState(history.state, '', `#${hash}`);
      notifyHash();
    },
    onHashChanged(callback: (hash: string) => void) {
      hashListeners.push(callback);
    },
    getQueryParams() {
      const params: Record<string, string> = {};
      new URLSearchParams(window.location.search).forEach((v, k) => {
        if (!CONTROL_PARAMS.includes(k)) params[k] = v;
      });
      return Promise.resolve(params);
    },
    setQueryParams(parameters: Record<string, string>) {
      events.record('queryParams', parameters);
      const url = new URL(window.location.href);
      for (const [k, v] of Object.entries(parameters)) {
        if (CONTROL_PARAMS.includes(k)) continue;
        if (v === '' || v === null || v === undefined) url.searchParams.delete(k);
        else url.searchParams.set(k, v);
      }
      history.pushState(history.state, '', url.toString());
    },
    navigate(url: string) {
      events.record('navigate', { url });
      window.location.href = url;
    },
    openNewWindow(url: string, features: string) {
      events.record('openNewWindow', { url, features });
      window.open(url, '_blank', features);
    },
    reload() {
      events.record('reload');
      reloadFrame();
    },
    setDocumentTitle(title: string) {
      events.record('title', { title });
      document.title = `${title} - Azure DevOps`;
    },
    getPageRoute() {
      return Promise.resolve({ id: 'ms.vss-code-web.code-hub-route', routeValues: { project: config.project.name } });
    },
    getPageNavigationElements() {
      return Promise.resolve([
        { id: 'ms.vss-code-web.code-hub-group', name: 'Repos', type: 'ms.vss-web.hub-group' },
        { id: config.contributionId, name: 'Security', type: 'ms.vss-web.hub' },
      ]);
    },
  };

  const messages = {
    addBanner(banner: { level?: number; message?: string; messageFormat?: string; messageLinks?: Array<{ name: string; href: string }> }) {
      events.record('banner', banner);
      const levels: Banner['level'][] = ['info', 'warning', 'error', 'success'];
      const links = banner.messageLinks ?? [];
      const text = banner.messageFormat
        ? banner.messageFormat.replace(/\{(\d+)\}/g, (_m, i: string) => links[Number(i)]?.name ?? '')
        : banner.message ?? '';
      ui.update((s) => ({ banners: [...s.banners, { id: ui.id(), level: levels[banner.level ?? 0] ?? 'info', text, links: banner.messageFormat ? [] : links }] }));
    },
    closeBanner() {
      ui.update((s) => ({ banners: s.banners.slice(1) }));
    },
    addToast(toast: { message: string; duration: number; callToAction?: string; onCallToActionClick?: () => void }) {
      events.record('toast', { message: toast.message, duration: toast.duration });
      const id = ui.id();
      ui.update((s) => ({ toasts: [...s.toasts, { id, message: toast.message, callToAction: toast.callToAction, onCallToAction: toast.onCallToActionClick }] }));
      setTimeout(() => ui.update((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) })), toast.duration || 4000);
    },
    addDialog(dialog: { title?: string; message?: string; onDismiss?: () => void }) {
      events.record('dialog', { title: dialog.title, message: dialog.message });
      ui.update({ dialog: { title: dialog.title, message: dialog.message ?? '', showCancel: false, onClose: () => dialog.onDismiss?.() } });
    },
    closeDialog() {
      ui.update({ dialog: undefined });
    },
  };

  const layout = {
    getFullScreenMode: () => Promise.resolve(ui.state.fullScreen),
    setFullScreenMode(fullScreen: boolean) {
      events.record('fullScreen', { fullScreen });
      ui.update({ fullScreen });
    },
    openMessageDialog(message: string, options?: { title?: string; showCancel?: boolean; okText?: string; cancelText?: string; onClose?: (r: boolean) => void }) {
      events.record('dialog', { title: options?.title, message });
      ui.update({
        dialog: {
          title: options?.title, message, showCancel: options?.showCancel ?? false, okText: options?.okText, cancelText: options?.cancelText,
          onClose: (result) => options?.onClose?.(result),
        },
      });
    },
    openCustomDialog(contributionId: string) {
      events.record('unsupported', { method: 'openCustomDialog', contributionId });
      messages.addBanner({ level: 1, message: `The emulator cannot open custom dialog ${contributionId}.` });
    },
    openPanel(contributionId: string) {
      events.record('unsupported', { method: 'openPanel', contributionId });
      messages.addBanner({ level: 1, message: `The emulator cannot open panel ${contributionId}.` });
    },
  };

  return {
    'ms.vss-features.extension-data-service': extensionData,
    'ms.vss-features.location-service': location,
    'ms.vss-tfs-web.tfs-page-data-service': projectPage,
    'ms.vss-features.project-page-service': projectPage,
    'ms.vss-features.host-navigation-service': navigation,
    'ms.vss-tfs-web.tfs-global-messages-service': messages,
    'ms.vss-features.global-message-service': messages,
    'ms.vss-features.host-page-layout-service': layout,
  };
}

/**
 * The real host's data manager speaks the server's own versions; the API package's client
 * would send 7.2-preview.1, which Server 2022 refuses. Extension data is preview-only, so a
 * version above the server's becomes `{max}-preview.1`.
 */
function keepToServerVersion(client: ExtensionManagementRestClient, max: string | undefined): void {
  if (!max) return;
  const c = client as unknown as { beginRequest(p: { apiVersion: string }): Promise<unknown> };
  const original = c.beginRequest.bind(c);
  c.beginRequest = (p) => original(Number.parseFloat(p.apiVersion) > Number(max) ? { ...p, apiVersion: `${max}-preview.1` } : p);
}

function dataManager(config: HostPageConfig, extensionId: string, accessToken: string) {
  const [publisher, extension] = extensionId.split('.');
  if (!publisher || !extension) throw new Error(`Extension id must be "publisher.extension", not "${extensionId}"`);
  const client = new ExtensionManagementRestClient({
    rootPath: config.orgUrl,
    authTokenProvider: { getAuthorizationHeader: () => Promise.resolve(`Bearer ${accessToken}`) },
  });
  keepToServerVersion(client, config.maxApiVersion);
  const scope = (o?: DocumentOptions): [string, string] => {
    const type = o?.scopeType ?? 'Default';
    return [type, o?.scopeValue ?? (type.toLowerCase() === 'user' ? 'Me' : 'Current')];
  };
  const isNotFound = (e: unknown) => (e as { status?: number } | undefined)?.status === 404;
  const query = (collections: CollectionRef[]) =>
    client.queryCollectionsByName({
      collections: collections.map((c) => ({ collectionName: c.collectionName, scopeType: c.scopeType ?? 'Default', scopeValue: c.scopeValue ?? 'Current', documents: [] })),
    }, publisher, extension);

  return {
    async getValue(key: string, o?: DocumentOptions) {
      try {
        const doc = await client.getDocumentByName(publisher, extension, ...scope(o), SETTINGS_COLLECTION, key);
        return doc?.value ?? o?.defaultValue;
      } catch (e) {
        if (isNotFound(e)) return o?.defaultValue;
        throw e;
      }
    },
    async setValue(key: string, value: unknown, o?: DocumentOptions) {
      await client.setDocumentByName({ id: key, __etag: -1, value }, publisher, extension, ...scope(o), SETTINGS_COLLECTION);
      return value;
    },
    getDocument: (collection: string, id: string, o?: DocumentOptions) =>
      client.getDocumentByName(publisher, extension, ...scope(o), collection, id),
    async getDocuments(collection: string, o?: DocumentOptions) {
      try {
        return await client.getDocumentsByName(publisher, extension, ...scope(o), collection);
      } catch (e) {
        // A collection nobody wrote to yet reads as empty.
        if (isNotFound(e)) return [];
        throw e;
      }
    },
    createDocument: (collection: string, doc: unknown, o?: DocumentOptions) =>
      client.createDocumentByName(doc, publisher, extension, ...scope(o), collection),
    setDocument: (collection: string, doc: unknown, o?: DocumentOptions) =>
      client.setDocumentByName(doc, publisher, extension, ...scope(o), collection),
    updateDocument: (collection: string, doc: unknown, o?: DocumentOptions) =>
      client.updateDocumentByName(doc, publisher, extension, ...scope(o), collection),
    deleteDocument: (collection: string, id: string, o?: DocumentOptions) =>
      client.deleteDocumentByName(publisher, extension, ...scope(o), collection, id),
    queryCollectionsByName: (names: string[]) => query(names.map((collectionName) => ({ collectionName }))),
    queryCollections: (collections: CollectionRef[]) => query(collections),
  };
}
