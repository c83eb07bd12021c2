// Driving the plugin's panel as a person would, by the accessible roles and names its controls carry.
import type { Frame, FrameLocator, Locator, Page } from 'playwright-core'
import { expect } from 'vitest'

export async function choose(ui: FrameLocator, group: string, option: string): Promise<void> {
  const groupEl = ui.getByRole('radiogroup', { name: group, exact: true })
  // The segmented control hides its radio inputs; a person clicks the visible label.
  await groupEl.getByText(option, { exact: true }).click({ timeout: 5000 })
  expect(await groupEl.getByRole('radio', { name: option, exact: true }).isChecked()).toBe(true)
}

export async function setCount(ui: FrameLocator, count: number): Promise<void> {
  const box = ui.getByRole('textbox', { name: 'Count' })
  await box.fill(String(count))
  await box.press('Tab')
}

/** Create Figma Plugin's Dropdown: open it, then pick the option by its text. */
export async function setAspectRatio(ui: FrameLocator, text: string): Promise<void> {
  await ui.getByRole('combobox', { name: 'Aspect ratio' }).click()
  await ui.getByText(text, { exact: true }).last().click()
  expect(await ui.getByRole('combobox', { name: 'Aspect ratio' }).textContent()).toContain(text)
}

export function jobCard(ui: FrameLocator): Locator {
  return ui.getByRole('listitem', { name: /^Job: / })
}

/** Waits until the (single) job's status line matches, and returns its text. */
export async function waitForStatus(ui: FrameLocator, pattern: RegExp, timeout = 15_000): Promise<string> {
  const status = jobCard(ui).getByRole('status')
  await expect.poll(async () => (await status.count()) > 0 ? await status.first().textContent() : '', { timeout, interval: 50 }).toMatch(pattern)
  return (await status.first().textContent()) ?? ''
}

export async function generate(ui: FrameLocator): Promise<void> {
  const button = ui.getByRole('button', { name: 'Generate', exact: true })
  expect(await button.isEnabled()).toBe(true)
  await button.click()
}

/** Selects top-level nodes by clicking them on the drawn canvas, the first plainly, the rest with Shift. */
export async function clickSelect(page: Page, names: string[]): Promise<void> {
  for (const [i, name] of names.entries()) {
    const point = await page.evaluate((n) => window.playground.pointOf(n), name)
    if (i > 0) await page.keyboard.down('Shift')
    await page.mouse.click(point.x, point.y)
    if (i > 0) await page.keyboard.up('Shift')
  }
}

/** Selects by name through the test interface, then waits for the panel to show the selection. */
export async function select(page: Page, names: string[]): Promise<void> {
  await page.evaluate((n) => window.playground.select(n), names)
}

/**
 * Starts the starter scene's storyboard: `@Mara`, the four beats and the Style line selected, Output Series,
 * the cost read for 4 images before Generate is pressed.
 */
export async function generateStarterSeries(page: Page, ui: FrameLocator): Promise<void> {
  await select(page, ['@Mara', 'Beat 1', 'Beat 2', 'Beat 3', 'Beat 4', 'Style'])
  await choose(ui, 'Output', 'Series')
  await expect.poll(() => ui.getByLabel('Cost').textContent()).toMatch(/for 4 images/)
  await generate(ui)
}

/**
 * Clicks Copy shot list and returns what it put on the clipboard, as rows of cells. The playground's iframe has
 * no clipboard-write permission (Figma's may not either), so the textarea fallback copies; this reads the
 * textarea as the copy happens. Waits for the status line to say `copied`.
 */
export async function copyShotList(page: Page, exportArea: Locator, copied: RegExp): Promise<string[][]> {
  const frame = (await (await page.$('iframe[title="Plugin UI"]'))!.contentFrame()) as Frame
  await frame.evaluate(() => {
    document.addEventListener('copy', () => {
      const area = document.activeElement
      ;(window as unknown as { copied: string }).copied = area instanceof HTMLTextAreaElement ? area.value : ''
    })
  })
  await exportArea.getByRole('button', { name: 'Copy shot list' }).click()
  await expect.poll(() => exportArea.getByRole('status').textContent()).toMatch(copied)
  const text = await frame.evaluate(() => (window as unknown as { copied?: string }).copied ?? '')
  return text.split('\n').map((line) => line.split('\t'))
}
