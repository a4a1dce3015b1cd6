/**
 * The host page around the extension: an Azure DevOps-like header (organisation, project, hub),
 * the signed-in user and theme switchers, global banners, toasts and dialogs raised through the
 * SDK's services, and the iframe itself.
 */
import * as React from 'react';
import type { HostPageConfig } from './config';
import { THEMES, type ThemeName } from './theme';

export interface Banner {
  id: number;
  level: 'info' | 'warning' | 'error' | 'success';
  text: string;
  links: Array<{ name: string; href: string }>;
}

export interface Toast {
  id: number;
  message: string;
  callToAction?: string;
  onCallToAction?: () => void;
}

export interface Dialog {
  title?: string;
  message: string;
  showCancel: boolean;
  okText?: string;
  cancelText?: string;
  onClose(result: boolean): void;
}

export interface UiState {
  theme: ThemeName;
  /** The extension said it loaded (handshake with loaded != false, or notifyLoadSucceeded). */
  loaded: boolean;
  failed?: string;
  frameHeight?: number;
  fullScreen: boolean;
  banners: Banner[];
  toasts: Toast[];
  dialog?: Dialog;
  frameKey: number;
}

/** A tiny observable store: services change it, the React tree renders it. */
export class UiModel {
  private listeners = new Set<() => void>();
  private nextId = 1;

  constructor(public state: UiState) {}

  update(patch: Partial<UiState> | ((s: UiState) => Partial<UiState>)): void {
    this.state = { ...this.state, ...(typeof patch === 'function' ? patch(this.state) : patch) };
    for (const l of this.listeners) l();
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  id(): number {
    return this.nextId++;
  }
}

export function applyHostTheme(theme: ThemeName): void {
  const root = document.documentElement;
  for (const [name, value] of Object.entries(THEMES[theme])) root.style.setProperty(`--${name}`, value);
  root.dataset.theme = theme;
}

const CSS = `
* { box-sizing: border-box; }
html, body { margin: 0; height: 100%; font-family: "Segoe UI", -apple-system, BlinkMacSystemFont, Roboto, sans-serif; font-size: 14px;
  background: var(--background-color); color: var(--text-primary-color); }
#root { height: 100%; }
.host { display: flex; flex-direction: column; height: 100%; }
.host-header { display: flex; align-items: center; gap: 12px; height: 48px; padding: 0 16px; flex: none;
  background: rgba(var(--palette-neutral-2), 1); border-bottom: 1px solid rgba(var(--palette-neutral-8), 1); }
.host-logo { width: 24px; height: 24px; border-radius: 4px; background: rgba(var(--palette-primary), 1); }
.host-crumbs { display: flex; gap: 8px; align-items: center; flex: 1; color: var(--text-secondary-color); }
.host-crumbs strong { color: var(--text-primary-color); font-weight: 600; }
.host-emulator { font-size: 11px; padding: 2px 6px; border-radius: 8px; background: rgba(var(--palette-primary), 0.15); color: var(--communication-foreground); }
.host-header select, .host-header button { font: inherit; color: inherit; background: var(--background-color);
  border: 1px solid rgba(var(--palette-neutral-20), 1); border-radius: 2px; padding: 4px 8px; }
.host-header label { flex: none; white-space: nowrap; }
.host-header select { width: auto; max-width: 240px; }
.host-banner { display: flex; gap: 8px; padding: 8px 16px; border-bottom: 1px solid rgba(var(--palette-neutral-8), 1); }
.host-banner.info { background: rgba(var(--palette-primary), 0.1); }
.host-banner.warning { background: var(--status-warning-background); }
.host-banner.error { background: var(--status-error-background); }
.host-banner.success { background: var(--status-success-background); }
.host-banner span { flex: 1; }
.host-banner button { background: none; border: none; color: inherit; cursor: pointer; }
.host-body { position: relative; flex: 1; overflow: auto; }
.host-body.fullscreen { position: fixed; inset: 0; z-index: 10; background: var(--background-color); }
.host-frame { display: block; width: 100%; height: 100%; border: 0; }
.host-status { position: absolute; inset: 0; display: flex; align-items: center; justify-content: center; color: var(--text-secondary-color); pointer-events: none; }
.host-failed { margin: 24px; padding: 16px; border-left: 4px solid var(--status-error-foreground); background: var(--status-error-background); }
.host-toasts { position: fixed; left: 50%; bottom: 24px; transform: translateX(-50%); display: flex; flex-direction: column; gap: 8px; z-index: 20; }
.host-toast { display: flex; gap: 16px; padding: 12px 16px; border-radius: 4px; background: rgba(var(--palette-neutral-80), 1); color: rgba(var(--palette-neutral-0), 1); }
.host-toast button { background: none; border: none; color: inherit; font-weight: 600; cursor: pointer; }
.host-overlay { position: fixed; inset: 0; background: rgba(0, 0, 0, 0.4); display: flex; align-items: center; justify-content: center; z-index: 30; }
.host-dialog { min-width: 360px; max-width: 560px; padding: 24px; border-radius: 4px; background: var(--callout-background-color);
  box-shadow: 0 8px 24px var(--panel-shadow-color); }
.host-dialog h2 { margin: 0 0 12px; font-size: 18px; }
.host-dialog footer { display: flex; justify-content: flex-end; gap: 8px; margin-top: 24px; }
.host-dialog button { font: inherit; padding: 6px 16px; border-radius: 2px; border: 1px solid rgba(var(--palette-neutral-20), 1);
  background: var(--background-color); color: inherit; cursor: pointer; }
.host-dialog button.primary { background: var(--communication-background); color: var(--text-on-communication-background); border-color: transparent; }
.host-help { max-width: 720px; margin: 32px auto; line-height: 1.5; }
.host-help code { background: rgba(var(--palette-neutral-4), 1); padding: 1px 4px; }
`;

interface Props {
  config: HostPageConfig;
  model: UiModel;
  frameRef: React.RefObject<HTMLIFrameElement>;
  onThemeChange(theme: ThemeName): void;
  onUserChange(user: string): void;
}

export function HostChrome({ config, model, frameRef, onThemeChange, onUserChange }: Props): React.ReactElement {
  const [state, setState] = React.useState(model.state);
  React.useEffect(() => model.subscribe(() => setState(model.state)), [model]);
  return (
    <div className="host">
      <style>{CSS}</style>
      <header className="host-header">
        <div className="host-logo" aria-hidden="true" />
        <nav className="host-crumbs" aria-label="Breadcrumb">
          <span>{config.organization.name}</span>/<strong>{config.project.name}</strong>/<span>Repos</span>/<strong>Security</strong>
          <span className="host-emulator">emulator</span>
        </nav>
        <label>
          User{' '}
          <select aria-label="Signed-in user" value={config.user.key} onChange={(e) => onUserChange(e.target.value)}>
            {config.users.map((u) => <option key={u.key} value={u.key}>{u.displayName}</option>)}
          </select>
        </label>
        <button type="button" aria-label="Switch theme" onClick={() => onThemeChange(state.theme === 'dark' ? 'light' : 'dark')}>
          {state.theme === 'dark' ? 'Light theme' : 'Dark theme'}
        </button>
      </header>
      {state.banners.map((b) => (
        <div key={b.id} className={`host-banner ${b.level}`} role="status">
          <span>
            {b.text}
            {b.links.map((l) => <React.Fragment key={l.href}> <a href={l.href} target="_blank" rel="noreferrer">{l.name}</a></React.Fragment>)}
          </span>
          <button type="button" aria-label="Dismiss" onClick={() => model.update((s) => ({ banners: s.banners.filter((x) => x.id !== b.id) }))}>×</button>
        </div>
      ))}
      <main className={`host-body${state.fullScreen ? ' fullscreen' : ''}`}>
        {config.pageUrl ? (
          <>
            <iframe
              key={state.frameKey}
              ref={frameRef}
              className="host-frame"
              title="Extension content"
              src={config.pageUrl}
              style={state.frameHeight ? { height: `${state.frameHeight}px` } : undefined}
            />
            {!state.loaded && !state.failed && <div className="host-status">Loading extension…</div>}
            {state.failed && <div className="host-failed" role="alert">The extension failed to load: {state.failed}</div>}
          </>
        ) : (
          <Help config={config} />
        )}
      </main>
      {state.toasts.length > 0 && (
        <div className="host-toasts">
          {state.toasts.map((t) => (
            <div key={t.id} className="host-toast" role="status">
              <span>{t.message}</span>
              {t.callToAction && <button type="button" onClick={t.onCallToAction}>{t.callToAction}</button>}
            </div>
          ))}
        </div>
      )}
      {state.dialog && <DialogView dialog={state.dialog} close={(result) => { model.update({ dialog: undefined }); state.dialog?.onClose(result); }} />}
    </div>
  );
}

function DialogView({ dialog, close }: { dialog: Dialog; close(result: boolean): void }): React.ReactElement {
  return (
    <div className="host-overlay">
      <div className="host-dialog" role="dialog" aria-modal="true" aria-label={dialog.title ?? 'Message'}>
        {dialog.title && <h2>{dialog.title}</h2>}
        <div>{dialog.message}</div>
        <footer>
          {dialog.showCancel && <button type="button" onClick={() => close(false)}>{dialog.cancelText ?? 'Cancel'}</button>}
          <button type="button" className="primary" onClick={() => close(true)}>{dialog.okText ?? 'OK'}</button>
        </footer>
      </div>
    </div>
  );
}

function Help({ config }: { config: HostPageConfig }): React.ReactElement {
  return (
    <div className="host-help">
      <h1>Azure DevOps emulator</h1>
      <p>This page hosts an extension page in an iframe and speaks the extension SDK to it. Name the page to embed:</p>
      <p><code>/_host/?page=/path/to/hub.html&amp;theme=dark&amp;user=reader</code></p>
      <p>
        Relative pages are served from the content origin. Try the <a href="?page=/_sample/sample-page.html">sample page</a>.
        REST API: <code>{config.orgUrl}</code>
      </p>
    </div>
  );
}
