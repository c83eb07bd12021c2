// The playground's Figma themes: the same variables in both, the URL's choice read strictly.
import { describe, expect, it } from 'vitest'

import { themeClass, themeCss, themeFromSearch } from '../../src/playground/page/theme'

const names = (css: string): string[] => [...css.matchAll(/(--figma-color-[a-z-]+):/g)].map((m) => m[1]!)
const value = (css: string, name: string): string | undefined => new RegExp(`${name}: ([^;]+);`).exec(css)?.[1]

describe('playground themes', () => {
  it('sets the same variables in light and dark, with other values for text and background', () => {
    const light = themeCss('light')
    const dark = themeCss('dark')
    expect(names(dark)).toEqual(names(light))
    expect(names(light)).toContain('--figma-color-text-secondary')
    expect(value(dark, '--figma-color-bg')).toBe('#2c2c2c')
    expect(value(dark, '--figma-color-text')).toBe('#ffffff')
    expect(value(light, '--figma-color-text')).toBe('rgba(0, 0, 0, 0.9)')
  })

  it("gives <html> Figma's class names", () => {
    expect(themeClass('light')).toBe('figma-light')
    expect(themeClass('dark')).toBe('figma-dark')
  })

  it('reads ?theme=dark and ?theme=light, and is light without one', () => {
    expect(themeFromSearch('?theme=dark')).toBe('dark')
    expect(themeFromSearch('?theme=light')).toBe('light')
    expect(themeFromSearch('')).toBe('light')
    expect(themeFromSearch('?x=1')).toBe('light')
  })

  it('refuses any other theme, naming the two it knows', () => {
    expect(() => themeFromSearch('?theme=Dark')).toThrow('?theme must be "light" or "dark", got "Dark"')
    expect(() => themeFromSearch('?theme=')).toThrow(/got ""/)
  })
})
