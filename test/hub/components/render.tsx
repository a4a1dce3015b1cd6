/** Mounting, waiting and interacting with components under jsdom, without timed assertions. */
import * as React from 'react';
import * as ReactDOM from 'react-dom';
import { act } from 'react-dom/test-utils';

export interface Mounted {
  container: HTMLElement;
  unmount(): void;
}

const mounted: Mounted[] = [];

export function mount(element: React.ReactElement): Mounted {
  const container = document.createElement('div');
  document.body.appendChild(container);
  act(() => {
    ReactDOM.render(element, container);
  });
  const m = {
    container,
    unmount() {
      act(() => {
        ReactDOM.unmountComponentAtNode(container);
      });
      container.remove();
    },
  };
  mounted.push(m);
  return m;
}

export function unmountAll(): void {
  for (const m of mounted.splice(0)) m.unmount();
  // Panels and callouts render into portals under body.
  document.body.innerHTML = '';
}

/** Polls until `check` passes (React work and promises get to run in between). */
export async function waitFor<T>(check: () => T | undefined | null | false, what: string, attempts = 400): Promise<T> {
  let last: unknown;
  for (let i = 0; i < attempts; i++) {
    try {
      const v = check();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    await act(async () => {
      await new Promise((r) => setTimeout(r, 5));
    });
  }
  throw new Error(`gave up waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}

export function text(root: ParentNode = document.body): string {
  return (root as HTMLElement).textContent ?? '';
}

export function byText(text: string, selector = '*', root: ParentNode = document.body): HTMLElement | undefined {
  return [...root.querySelectorAll<HTMLElement>(selector)].reverse().find((e) => e.textContent?.trim() === text);
}

export function click(el: Element): void {
  act(() => {
    el.dispatchEvent(new MouseEvent('mousedown', { bubbles: true }));
    el.dispatchEvent(new MouseEvent('mouseup', { bubbles: true }));
    el.dispatchEvent(new MouseEvent('click', { bubbles: true }));
  });
}

/** Types into an input or textarea the way React notices. */
export function type(el: HTMLInputElement | HTMLTextAreaElement, value: string): void {
  const proto = el instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
  const setter = Object.getOwnPropertyDescriptor(proto, 'value')?.set;
  act(() => {
    setter?.call(el, value);
    el.dispatchEvent(new Event('input', { bubbles: true }));
  });
}
