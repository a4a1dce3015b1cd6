/**
 * Theme data the host sends in the handshake: CSS custom properties the SDK writes on the
 * extension's `:root` and azure-devops-ui reads (`rgba(var(--palette-neutral-8), 1)`, ...).
 * Palette entries are "r, g, b" triples like the service's. Values approximate the service's
 * light and dark themes; they are not copied from it.
 */

export type ThemeName = 'light' | 'dark';

type Rgb = [number, number, number];

const NEUTRAL_STEPS = [0, 2, 4, 6, 8, 10, 20, 30, 60, 70, 80, 90, 100] as const;

const LIGHT_NEUTRALS: Rgb[] = [
  [255, 255, 255], [248, 248, 248], [244, 244, 244], [239, 239, 239], [234, 234, 234], [218, 218, 218],
  [200, 200, 200], [166, 166, 166], [102, 102, 102], [71, 71, 71], [51, 51, 51], [41, 41, 41], [0, 0, 0],
];
const DARK_NEUTRALS: Rgb[] = [
  [30, 30, 30], [37, 37, 37], [41, 41, 41], [46, 46, 46], [52, 52, 52], [60, 60, 60],
  [78, 78, 78], [105, 105, 105], [166, 166, 166], [200, 200, 200], [218, 218, 218], [234, 234, 234], [255, 255, 255],
];

function triple(c: Rgb): string {
  return c.join(', ');
}

function build(name: ThemeName): Record<string, string> {
  const dark = name === 'dark';
  const neutrals = dark ? DARK_NEUTRALS : LIGHT_NEUTRALS;
  const primary: Rgb = dark ? [40, 146, 232] : [0, 120, 212];
  const vars: Record<string, string> = {};
  NEUTRAL_STEPS.forEach((step, i) => { vars[`palette-neutral-${step}`] = triple(neutrals[i]); });
  const ink: Rgb = dark ? [255, 255, 255] : [0, 0, 0];
  for (const alpha of [2, 4, 6, 8, 10, 20, 30, 60]) vars[`palette-black-alpha-${alpha}`] = `${triple(ink)}, ${alpha / 100}`;
  vars['palette-primary'] = triple(primary);
  vars['palette-primary-darkened-6'] = triple(dark ? [56, 156, 238] : [0, 103, 181]);
  vars['palette-primary-darkened-10'] = triple(dark ? [77, 166, 240] : [0, 91, 161]);
  vars['palette-primary-shade-10'] = triple(dark ? [60, 156, 236] : [16, 110, 190]);
  vars['palette-primary-shade-20'] = triple(dark ? [90, 172, 240] : [0, 90, 158]);
  vars['palette-primary-shade-30'] = triple(dark ? [120, 188, 244] : [0, 69, 120]);
  vars['palette-primary-tint-10'] = triple(dark ? [24, 98, 158] : [43, 136, 216]);
  vars['palette-primary-tint-20'] = triple(dark ? [20, 62, 98] : [199, 224, 244]);
  vars['palette-primary-tint-30'] = triple(dark ? [18, 48, 74] : [222, 236, 249]);
  vars['palette-primary-tint-40'] = triple(dark ? [16, 36, 54] : [239, 246, 252]);
  vars['palette-error'] = triple(dark ? [241, 112, 123] : [205, 74, 69]);
  vars['palette-accent3'] = triple(dark ? [92, 196, 110] : [16, 124, 16]);
  Object.assign(vars, {
    'background-color': `rgba(${triple(neutrals[0])}, 1)`,
    'text-primary-color': dark ? 'rgba(255, 255, 255, 0.9)' : 'rgba(0, 0, 0, 0.9)',
    'text-secondary-color': dark ? 'rgba(255, 255, 255, 0.55)' : 'rgba(0, 0, 0, 0.55)',
    'text-disabled-color': dark ? 'rgba(255, 255, 255, 0.38)' : 'rgba(0, 0, 0, 0.38)',
    'communication-foreground': `rgba(${triple(primary)}, 1)`,
    'communication-background': `rgba(${triple(primary)}, 1)`,
    'text-on-communication-background': 'rgba(255, 255, 255, 1)',
    'focus-border-color': `rgba(${triple(primary)}, 1)`,
    'focus-pulse-max-color': `rgba(${triple(primary)}, 0.55)`,
    'callout-background-color': `rgba(${triple(neutrals[dark ? 2 : 0])}, 1)`,
    'callout-shadow-color': 'rgba(0, 0, 0, 0.13)',
    'callout-shadow-secondary-color': 'rgba(0, 0, 0, 0.11)',
    'panel-shadow-color': 'rgba(0, 0, 0, 0.18)',
    'panel-shadow-secondary-color': 'rgba(0, 0, 0, 0.22)',
    'status-error-foreground': dark ? 'rgba(241, 112, 123, 1)' : 'rgba(205, 74, 69, 1)',
    'status-error-background': dark ? 'rgba(68, 39, 38, 1)' : 'rgba(250, 235, 235, 1)',
    'status-error-text': dark ? 'rgba(241, 112, 123, 1)' : 'rgba(205, 74, 69, 1)',
    'status-error-strong': dark ? 'rgba(241, 112, 123, 1)' : 'rgba(164, 38, 44, 1)',
    'status-warning-foreground': dark ? 'rgba(252, 225, 0, 1)' : 'rgba(214, 127, 60, 1)',
    'status-warning-background': dark ? 'rgba(67, 53, 25, 1)' : 'rgba(251, 242, 236, 1)',
    'status-warning-text': dark ? 'rgba(252, 225, 0, 1)' : 'rgba(143, 81, 34, 1)',
    'status-warning-icon-foreground': dark ? 'rgba(252, 225, 0, 1)' : 'rgba(214, 127, 60, 1)',
    'status-success-foreground': dark ? 'rgba(92, 196, 110, 1)' : 'rgba(16, 124, 16, 1)',
    'status-success-background': dark ? 'rgba(57, 61, 27, 1)' : 'rgba(223, 246, 221, 1)',
    'status-info-foreground': `rgba(${triple(primary)}, 1)`,
    'component-grid-row-hover-color': `rgba(${triple(ink)}, 0.04)`,
    'component-grid-selected-row-color': `rgba(${triple(primary)}, 0.12)`,
    'component-grid-focus-border-color': `rgba(${triple(primary)}, 1)`,
    'component-grid-cell-bottom-border-color': `rgba(${triple(ink)}, 0.08)`,
    'component-label-default-color': `rgba(${triple(neutrals[4])}, 1)`,
    'component-label-default-color-hover': `rgba(${triple(neutrals[8])}, 1)`,
    'splitter-border-color': `rgba(${triple(ink)}, 0.08)`,
    'third-party-icon-filter': dark ? 'invert(100%)' : 'none',
  });
  return vars;
}

export const THEMES: Record<ThemeName, Record<string, string>> = { light: build('light'), dark: build('dark') };

/** The theme id the service puts in the page context's globalization data. */
export function themeId(name: ThemeName): string {
  return name === 'dark' ? 'ms.vss-web.vsts-theme-dark' : 'ms.vss-web.vsts-theme';
}
