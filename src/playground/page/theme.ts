// Figma's theme colours, as Figma injects them into a plugin iframe shown with `themeColors: true`: the
// `<html>` gets the class `figma-light` or `figma-dark`, and a `<style id="figma-style">` sets the
// `--figma-color-*` variables (https://developers.figma.com/docs/plugins/css-variables).
// The set is the variables build/ui.js (Create Figma Plugin's UI components) reads, plus the common ones.

export type Theme = 'light' | 'dark'

const LIGHT: Record<string, string> = {
  bg: '#ffffff',
  'bg-secondary': '#f5f5f5',
  'bg-tertiary': '#e6e6e6',
  'bg-hover': '#f5f5f5',
  'bg-pressed': '#f5f5f5',
  'bg-selected': '#e5f4ff',
  'bg-onselected': '#bde3ff',
  'bg-disabled': '#d9d9d9',
  'bg-brand': '#0d99ff',
  'bg-brand-hover': '#007be5',
  'bg-brand-pressed': '#007be5',
  'bg-danger': '#f24822',
  'bg-danger-hover': '#dc3412',
  'bg-danger-pressed': '#dc3412',
  'bg-warning': '#ffcd29',
  'bg-success': '#14ae5c',
  border: '#e6e6e6',
  'border-strong': '#2c2c2c',
  'border-selected': '#0d99ff',
  'border-brand': '#0d99ff',
  'border-brand-strong': '#007be5',
  'border-onbrand': '#007be5',
  'border-danger': '#f24822',
  'border-danger-strong': '#dc3412',
  'border-disabled': '#e6e6e6',
  'border-disabled-strong': '#b3b3b3',
  icon: 'rgba(0, 0, 0, 0.9)',
  'icon-secondary': 'rgba(0, 0, 0, 0.5)',
  'icon-tertiary': 'rgba(0, 0, 0, 0.3)',
  'icon-brand': '#0d99ff',
  'icon-danger': '#f24822',
  'icon-disabled': 'rgba(0, 0, 0, 0.3)',
  'icon-onbrand': '#ffffff',
  'icon-ondanger': '#ffffff',
  'icon-ondisabled': '#ffffff',
  text: 'rgba(0, 0, 0, 0.9)',
  'text-secondary': 'rgba(0, 0, 0, 0.5)',
  'text-tertiary': 'rgba(0, 0, 0, 0.3)',
  'text-brand': '#007be5',
  'text-danger': '#dc3412',
  'text-warning': '#b86200',
  'text-success': '#009951',
  'text-disabled': 'rgba(0, 0, 0, 0.3)',
  'text-onbrand': '#ffffff',
  'text-ondanger': '#ffffff',
  'text-ondisabled': '#ffffff'
}

// Figma's page names the variables but gives no values. These are the dark values of Figma's token list
// as Create Figma Plugin 4.0.3 copies it (node_modules/@create-figma-plugin/ui/lib/css/theme.css,
// `.figma-dark`), which agree with a dump taken in Figma's dark theme by a published plugin
// (0N0K0/figmaPlugin-DesignSystemProcessor, documentation/figma-css-variables.md). Inferred, not read from
// Figma itself.
const DARK: Record<string, string> = {
  bg: '#2c2c2c',
  'bg-secondary': '#383838',
  'bg-tertiary': '#444444',
  'bg-hover': '#383838',
  'bg-pressed': '#383838',
  'bg-selected': '#4a5878',
  'bg-onselected': '#667799',
  'bg-disabled': '#757575',
  'bg-brand': '#0c8ce9',
  'bg-brand-hover': '#0a6dc2',
  'bg-brand-pressed': '#0a6dc2',
  'bg-danger': '#e03e1a',
  'bg-danger-hover': '#c4381c',
  'bg-danger-pressed': '#c4381c',
  'bg-warning': '#f3c11b',
  'bg-success': '#198f51',
  border: '#444444',
  'border-strong': 'rgba(255, 255, 255, 0.9)',
  'border-selected': '#0c8ce9',
  'border-brand': '#105cad',
  'border-brand-strong': '#7cc4f8',
  'border-onbrand': '#0a6dc2',
  'border-danger': '#963323',
  'border-danger-strong': '#fca397',
  'border-disabled': '#444444',
  'border-disabled-strong': 'rgba(255, 255, 255, 0.4)',
  icon: '#ffffff',
  'icon-secondary': 'rgba(255, 255, 255, 0.7)',
  'icon-tertiary': 'rgba(255, 255, 255, 0.4)',
  'icon-brand': '#7cc4f8',
  'icon-danger': '#e03e1a',
  'icon-disabled': 'rgba(255, 255, 255, 0.4)',
  'icon-onbrand': '#ffffff',
  'icon-ondanger': '#ffffff',
  'icon-ondisabled': '#2c2c2c',
  text: '#ffffff',
  'text-secondary': 'rgba(255, 255, 255, 0.7)',
  'text-tertiary': 'rgba(255, 255, 255, 0.4)',
  'text-brand': '#7cc4f8',
  'text-danger': '#fca397',
  'text-warning': '#f7d15f',
  'text-success': '#79d297',
  'text-disabled': 'rgba(255, 255, 255, 0.4)',
  'text-onbrand': '#ffffff',
  'text-ondanger': '#ffffff',
  'text-ondisabled': '#2c2c2c'
}

/** The `<html>` class Figma gives a themed plugin iframe. */
export const themeClass = (theme: Theme): string => `figma-${theme}`

export function themeCss(theme: Theme): string {
  const vars = Object.entries(theme === 'dark' ? DARK : LIGHT).map(([name, value]) => `--figma-color-${name}: ${value};`)
  return `:root { ${vars.join(' ')} }`
}

/** The theme a playground URL asks for: `?theme=dark` or `?theme=light`; light when it names none. */
export function themeFromSearch(search: string): Theme {
  const asked = new URLSearchParams(search).get('theme')
  if (asked === null || asked === 'light') return 'light'
  if (asked === 'dark') return 'dark'
  throw new Error(`?theme must be "light" or "dark", got "${asked}": remove it for the light theme`)
}
