/**
 * A browser-like global environment (jsdom) for the hub's component tests, installed before
 * React and azure-devops-ui load. The few APIs jsdom lacks get inert stand-ins.
 */
import { JSDOM } from 'jsdom';

const dom = new JSDOM('<!doctype html><html><body><div id="root"></div></body></html>', { url: 'https://dev.azure.com/org/Project/_apps/hub/x', pretendToBeVisual: true });
const win = dom.window as unknown as Window & typeof globalThis;

class InertObserver {
  observe(): void {}
  unobserve(): void {}
  disconnect(): void {}
  takeRecords(): [] {
    return [];
  }
}

const g = globalThis as Record<string, unknown>;
// jsdom's own classes: its elements only accept its events. Node's URL and Blob stay.
const FROM_WINDOW = [
  'window', 'document', 'navigator', 'HTMLElement', 'Element', 'Node', 'Event', 'KeyboardEvent', 'MouseEvent', 'FocusEvent',
  'CustomEvent', 'getComputedStyle', 'requestAnimationFrame', 'cancelAnimationFrame', 'DocumentFragment', 'HTMLInputElement',
  'HTMLTextAreaElement', 'Text', 'MutationObserver', 'SVGElement', 'HTMLAnchorElement', 'localStorage', 'sessionStorage',
];
for (const key of FROM_WINDOW) {
  Object.defineProperty(g, key, { value: (win as unknown as Record<string, unknown>)[key], configurable: true, writable: true });
}
const w = win as unknown as Record<string, unknown>;
w.ResizeObserver ??= InertObserver;
w.IntersectionObserver ??= InertObserver;
w.matchMedia ??= () => ({ matches: false, addListener() {}, removeListener() {}, addEventListener() {}, removeEventListener() {} });
w.scrollTo ??= () => undefined;
g.ResizeObserver = w.ResizeObserver;
g.IntersectionObserver = w.IntersectionObserver;
g.matchMedia = w.matchMedia;
(win.HTMLElement.prototype as unknown as { scrollIntoView: () => void }).scrollIntoView = () => undefined;

export const testWindow = win;

// jsdom's visual mode runs animation-frame timers that would keep mocha's process alive.
if (typeof after === 'function') after(() => dom.window.close());
