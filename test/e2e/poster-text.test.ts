// Poster text from a layout (issue #18 part 1) through the whole product: the starter scene's 2:3 "Poster
// layout" (Title 'NIGHT FERRY' in a bold condensed font at the top, small Credits at the bottom) selected
// with a beat gives a prompt with the exact title in quotes, its style and its place; the result is composed
// behind the layout's text in a copy of the frame, and the layout is left as it was.
import { expect, it } from 'vitest'

import { BEATS, POSTER_TITLE } from '../../src/playground/page/starter-document'
import { expectNoOverlap, sections } from './canvas'
import { announceSkip, describeE2e, useE2e } from './harness'
import { choose, clickSelect, generate, jobCard, waitForStatus } from './plugin-ui'

announceSkip()

describeE2e('poster text from a layout', () => {
  const e2e = useE2e('poster-text')

  it('title quoted with style and place, credits left to Figma, the image composed behind the text in a copy', async () => {
    const { page, ui, requests } = e2e()
    const before = await page.evaluate(() => window.playground.snapshot())
    const layoutBefore = before.children.find((n) => n.name === 'Poster layout')!
    // The title as the browser draws it (its own fallback for the condensed face) stays inside the layout.
    await page.evaluate(() => window.playground.select(['Poster layout']))
    const outline = await page.locator('#canvas rect[stroke="#0d99ff"]').boundingBox()
    const title = await page.locator('#canvas text', { hasText: POSTER_TITLE }).first().boundingBox()
    expect(title!.x + title!.width).toBeLessThanOrEqual(outline!.x + outline!.width)
    await clickSelect(page, ['Poster layout', 'Beat 2'])

    const expected = `${BEATS[1]} The title '${POSTER_TITLE}' in bold condensed sans-serif block capitals at the top.`
    const prompt = ui.getByRole('textbox', { name: 'Prompt' })
    await expect.poll(() => prompt.inputValue()).toBe(expected)
    // The layout is not a reference: this stays text-to-image, and the panel says what happens to its text:
    // the title lettered in the layout's note, the credits left to Figma in one lint (not said twice).
    await expect.poll(() => ui.getByLabel('Layout Poster layout').textContent()).toContain(`Kling letters the title '${POSTER_TITLE}'. Each image`)
    const noReferences = ui.getByText('No reference frames selected: this will be text-to-image.')
    expect(await noReferences.count()).toBe(1)
    // Spaced by the panel's gap like its neighbours, not by a paragraph's blank lines above and below.
    expect(await noReferences.evaluate((el) => [getComputedStyle(el).marginTop, getComputedStyle(el).marginBottom])).toEqual(['0px', '0px'])
    await expect.poll(() => ui.getByText('"Credits" is too small to render legibly, so Kling is not asked for it.', { exact: false }).count()).toBeGreaterThan(0)
    expect(await ui.getByText(/"Credits"/).count()).toBe(1)

    // A plain text layer marked "Text to render" is lettered (no frame around it: no placement words), not a beat.
    const chip = ui.getByRole('button', { name: 'Beat 2', exact: true })
    await chip.click()
    await expect.poll(() => prompt.inputValue()).toBe(`The title '${POSTER_TITLE}' in bold condensed sans-serif block capitals at the top. The text '${BEATS[1]}' in sans-serif.`)
    await expect.poll(() => ui.getByText(/has \d+ words; beyond about 6 words Kling often misspells lettering/).count()).toBe(1)
    await page.screenshot({ path: 'test-results/e2e-poster-text-marked.png' })
    await chip.click()
    await expect.poll(() => prompt.inputValue()).toBe(expected)

    // The layout's shape is offered, not applied.
    await choose(ui, 'Model', 'O3')
    await choose(ui, 'Resolution', '2K')
    const useShape = ui.getByRole('button', { name: "Use 2:3 (the layout's shape)" })
    expect(await ui.getByRole('combobox', { name: 'Aspect ratio' }).textContent()).not.toContain('2:3')
    await useShape.click()
    await expect.poll(() => ui.getByRole('combobox', { name: 'Aspect ratio' }).textContent()).toContain('2:3')
    expect(await useShape.count()).toBe(0)
    await page.screenshot({ path: 'test-results/e2e-poster-text-panel.png' })

    await generate(ui)
    await waitForStatus(ui, /^Done$/)
    expect(await jobCard(ui).textContent()).toMatch(/Placed 1 image/)
    const [request, ...others] = await requests()
    expect(others).toEqual([])
    expect(request!.endpoint).toBe('fal-ai/kling-image/o3/text-to-image')
    expect(request!.input).toMatchObject({ prompt: expected, aspect_ratio: '2:3', resolution: '2K' })
    expect(String(request!.input.prompt)).not.toContain('DIRECTED')

    const snapshot = await page.evaluate(() => window.playground.snapshot())
    // The usual section, and one composed copy beside the layout.
    expect(sections(snapshot)).toHaveLength(1)
    const copies = snapshot.children.filter((n) => n.name.startsWith('Poster layout · composed'))
    expect(copies.map((c) => c.name)).toEqual(['Poster layout · composed'])
    const copy = copies[0]!
    expect(copy.children?.map((c) => c.name)).toEqual(['Image', 'Title', 'Credits'])
    const image = copy.children![0]!
    expect([image.x, image.y, image.width, image.height]).toEqual([0, 0, 400, 600])
    expect(image.images).toHaveLength(1)
    expect(copy.children![1]!.characters).toBe(POSTER_TITLE)
    expect(copy.absoluteX).toBeGreaterThanOrEqual(layoutBefore.absoluteX + layoutBefore.width)
    expectNoOverlap(snapshot.children)

    // The layout itself, exactly as it was.
    expect(snapshot.children.find((n) => n.name === 'Poster layout')).toEqual(layoutBefore)
    await page.evaluate(() => window.playground.select(['Poster layout · composed']))
    // The section's long name and the copy's stand side by side: each label is cut to its frame's width, as
    // Figma draws them, so neither runs into the other.
    const labels = page.locator('#canvas text[data-name]')
    await expect.poll(() => labels.count()).toBe(snapshot.children.filter((n) => n.type === 'FRAME' || n.type === 'SECTION').length)
    const boxes = await labels.evaluateAll((els) => els.map((el) => ({ name: el.getAttribute('data-name')!, text: el.textContent!, box: el.getBoundingClientRect().toJSON() as DOMRect })))
    const sectionLabel = boxes.find((b) => b.name.startsWith('Image · '))!
    expect(sectionLabel.text.endsWith('…')).toBe(true)
    for (const [i, a] of boxes.entries()) {
      for (const b of boxes.slice(i + 1)) {
        const apart = a.box.right <= b.box.left || b.box.right <= a.box.left || a.box.bottom <= b.box.top || b.box.bottom <= a.box.top
        expect(apart, `label "${a.text}" overlaps "${b.text}"`).toBe(true)
      }
    }
    await page.screenshot({ path: 'test-results/e2e-poster-text-canvas.png' })
    expect(await page.evaluate(() => window.playground.errors())).toEqual([])
  })

  it('"Use as a reference instead" sends the layout as a reference image, composes nothing, and can be undone', async () => {
    const { page, ui, requests } = e2e()
    await clickSelect(page, ['Poster layout', 'Beat 2'])
    const prompt = ui.getByRole('textbox', { name: 'Prompt' })
    await expect.poll(() => prompt.inputValue()).toContain(`'${POSTER_TITLE}'`)

    await ui.getByRole('button', { name: 'Use as a reference instead' }).click()
    const references = ui.getByRole('list', { name: 'References' })
    await expect.poll(() => references.getByRole('listitem').count()).toBe(1)
    expect(await references.textContent()).toContain('Poster layout')
    await expect.poll(() => prompt.inputValue()).not.toContain(`'${POSTER_TITLE}'`)
    expect(await ui.getByLabel('Layout Poster layout').textContent()).toBe(
      '"Poster layout" is used as a reference image for this generation; its text is not lettered and nothing is composed.'
    )
    await page.screenshot({ path: 'test-results/e2e-poster-text-as-reference.png' })

    // Undone and done again: the way back is there too.
    await ui.getByRole('button', { name: 'Use as a layout' }).click()
    await expect.poll(() => prompt.inputValue()).toContain(`'${POSTER_TITLE}'`)
    await ui.getByRole('button', { name: 'Use as a reference instead' }).click()
    await expect.poll(() => references.getByRole('listitem').count()).toBe(1)

    await generate(ui)
    await waitForStatus(ui, /^Done$/)
    const [request, ...others] = await requests()
    expect(others).toEqual([])
    expect(request!.endpoint).toMatch(/image-to-image/)
    expect(String(request!.input.prompt)).not.toContain(`'${POSTER_TITLE}'`)
    const snapshot = await page.evaluate(() => window.playground.snapshot())
    expect(snapshot.children.some((n) => n.name.includes('composed'))).toBe(false)
    expect(await page.evaluate(() => window.playground.errors())).toEqual([])
  })
})
