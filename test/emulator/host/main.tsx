/**
 * Entry of the host page bundle: renders the chrome, embeds the page, and answers the SDK on the
 * XDM channel: `DevOps.HostControl` (handshake, load notifications, tokens, resize) and
 * `DevOps.ServiceManager` (getService). `window.__emulatorHost` lets browser tests observe it.
 */
import * as React from 'react';
import * as ReactDOM from 'react-dom';
import { applyHostTheme, HostChrome, UiModel } from './chrome';
import type { HostPageConfig } from './config';
import { createServices } from './services';
import { THEMES, themeId, type ThemeName } from './theme';
import { HostChannel } from './xdm';

interface HostEvent {
  type: string;
  detail?: unknown;
  time: number;
}

interface EmulatorHostHooks {
  events: HostEvent[];
  readonly state: UiModel['state'];
  readonly connected: boolean;
  setTheme(theme: ThemeName): Promise<void>;
}

declare global {
  interface Window {
    __emulatorHost?: EmulatorHostHooks;
  }
}

const config = JSON.parse((document.getElementById('emulator-config') as HTMLElement).textContent as string) as HostPageConfig;
const model = new UiModel({ theme: config.theme, loaded: false, fullScreen: false, banners: [], toasts: [], frameKey: 0 });
const events: HostEvent[] = [];
const record = (type: string, detail?: unknown) => {
  events.push({ type, detail, time: Date.now() });
};
const frameRef = React.createRef<HTMLIFrameElement>();
const contentOrigin = config.pageUrl ? new URL(config.pageUrl).origin : window.location.origin;

const services = createServices(config, model, { record }, reloadFrame);

const hostControl = {
  initialHandshake(options?: { loaded?: boolean; applyTheme?: boolean; sdkVersion?: number }) {
    record('handshake', options);
    if (options?.loaded !== false) markLoaded();
    const { publisherId, extensionId, version, baseUri } = config.extension;
    const theme = themeId(model.state.theme);
    return {
      contributionId: config.contributionId,
      context: {
        extension: { id: `${publisherId}.${extensionId}`, publisherId, extensionId, version, baseUri },
        user: {
          id: config.user.id, name: config.user.uniqueName, displayName: config.user.displayName,
          descriptor: config.user.descriptor, imageUrl: config.user.imageUrl,
        },
        host: { id: config.organization.id, name: config.organization.name, serviceVersion: 'palisade-emulator', type: 4, isHosted: true },
        pageContext: {
          globalization: { culture: 'en-US', theme, explicitTheme: theme, timeZoneId: 'UTC', timezoneOffset: 0, typeAheadDisabled: false },
          timeZonesConfiguration: { daylightSavingsAdjustments: [] },
          webContext: { project: { ...config.project }, team: { ...config.team } },
        },
      },
      initialConfig: config.initialConfig,
      themeData: options?.applyTheme === false ? undefined : THEMES[model.state.theme],
    };
  },
  notifyLoadSucceeded() {
    record('loaded');
    markLoaded();
  },
  notifyLoadFailed(e: unknown) {
    const message = typeof e === 'string' ? e : (e as { message?: string } | undefined)?.message ?? String(e);
    record('loadFailed', { message });
    model.update({ failed: message });
  },
  getAccessToken() {
    record('accessToken');
    return { token: config.user.token };
  },
  getAppToken() {
    record('appToken');
    return { token: appToken() };
  },
  resize(width?: number, height?: number) {
    record('resize', { width, height });
    if (typeof height === 'number' && height > 0) model.update({ frameHeight: height });
  },
};

const serviceManager = {
  getService(contributionId: string) {
    record('getService', { id: contributionId });
    const service = services[contributionId];
    if (!service) throw new Error(`The emulator host does not provide the service ${contributionId}.`);
    return service;
  },
};

let channel = newChannel();

function newChannel(): HostChannel {
  const c = new HostChannel({ postMessage: (message, origin) => frameRef.current?.contentWindow?.postMessage(message, origin) }, contentOrigin);
  c.register('DevOps.HostControl', hostControl);
  c.register('DevOps.ServiceManager', serviceManager);
  return c;
}

window.addEventListener('message', (event) => {
  // Only the embedded page, from the origin it was loaded from, may talk to the host.
  if (!frameRef.current || event.source !== frameRef.current.contentWindow || event.origin !== contentOrigin) return;
  channel.receive(event.data);
});

function markLoaded(): void {
  if (!model.state.loaded) model.update({ loaded: true });
}

function reloadFrame(): void {
  channel = newChannel();
  model.update((s) => ({ frameKey: s.frameKey + 1, loaded: false, failed: undefined, frameHeight: undefined }));
}

async function setTheme(theme: ThemeName): Promise<void> {
  record('theme', { theme });
  model.update({ theme });
  applyHostTheme(theme);
  const url = new URL(window.location.href);
  url.searchParams.set('theme', theme);
  history.replaceState(history.state, '', url.toString());
  if (channel.connected) await channel.invoke('dispatchEvent', 'DevOps.SdkClient', ['themeChanged', { detail: { data: THEMES[theme] } }]);
}

function changeUser(user: string): void {
  const url = new URL(window.location.href);
  url.searchParams.set('user', user);
  // palisade-ignore js-open-redirect -- the emulator's host page navigates to its own URLs
  window.location.href = url.toString();
}

/** An unsigned JWT naming the user and the extension, shaped like the app token the service issues. */
function appToken(): string {
  const b64 = (o: object) => btoa(JSON.stringify(o)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
  const now = Math.floor(Date.now() / 1000);
  const claims = {
    nameid: config.user.id, aud: `${config.extension.publisherId}.${config.extension.extensionId}`,
    iss: 'app.vstoken.visualstudio.com', nbf: now, exp: now + 3600,
  };
  return `${b64({ typ: 'JWT', alg: 'none' })}.${b64(claims)}.emulator`;
}

window.__emulatorHost = {
  events,
  get state() {
    return model.state;
  },
  get connected() {
    return channel.connected;
  },
  setTheme,
};

applyHostTheme(config.theme);
ReactDOM.render(
  <HostChrome config={config} model={model} frameRef={frameRef} onThemeChange={(t) => void setTheme(t)} onUserChange={changeUser} />,
  document.getElementById('root'),
);
