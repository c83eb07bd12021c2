// @vitest-environment happy-dom
// The "Text to render" card: what happens to a layout's text, and the toggle that makes a text layer lettering.
import { cleanup, fireEvent, render, screen } from '@testing-library/preact'
import { h } from 'preact'
import { afterEach, describe, expect, it } from 'vitest'

import { RenderedTextCard } from '../../src/ui/components/rendered-text-card'

afterEach(cleanup)

const FRAME = { width: 400, height: 600 }
const layout = {
  id: '5:1',
  name: 'Poster',
  width: 400,
  height: 600,
  texts: [
    { id: '5:2', name: 'Title', role: 'title' as const, text: "DON'T LOOK", font: { family: 'Inter', style: 'Bold' }, fontSize: 56, placement: { box: { x: 20, y: 30, width: 360, height: 70 }, frame: FRAME } },
    { id: '5:3', name: 'Credits', role: 'credits' as const, text: 'A FILM', font: { family: 'Inter', style: 'Regular' }, fontSize: 9, placement: { box: { x: 20, y: 560, width: 360, height: 12 }, frame: FRAME } }
  ]
}
const beat = { id: 't1', name: 'Beat 1', text: 'A ferry', x: 0, y: 0, width: 100, height: 20 }

describe('the Text to render card', () => {
  it("says which of a layout's texts Kling letters, leaving the credits to the prompt's one lint about them", () => {
    render(<RenderedTextCard layouts={[layout]} textLayers={[]} marked={new Set()} onToggle={() => undefined} />)
    expect(screen.getByLabelText('Layout Poster').textContent).toBe(
      `Layout "Poster": Kling letters the title "DON'T LOOK". Each image is placed behind its text in a copy of the frame; the layout itself is left as it is.`
    )
    // Only credits: nothing lettered, and the note does not start with a stray space.
    cleanup()
    render(<RenderedTextCard layouts={[{ ...layout, texts: [layout.texts[1]!] }]} textLayers={[]} marked={new Set()} onToggle={() => undefined} />)
    expect(screen.getByLabelText('Layout Poster').textContent).toBe(
      'Layout "Poster": Each image is placed behind its text in a copy of the frame; the layout itself is left as it is.'
    )
  })
  it('a toggle per selected text layer, pressed when marked, naming the change it asks for', () => {
    const toggles: [string, boolean][] = []
    render(<RenderedTextCard layouts={[]} textLayers={[beat]} marked={new Set()} onToggle={(id, on) => toggles.push([id, on])} />)
    const chip = screen.getByRole('button', { name: 'Beat 1' })
    expect(chip.getAttribute('aria-pressed')).toBe('false')
    fireEvent.click(chip)
    expect(toggles).toEqual([['t1', true]])
    cleanup()
    render(<RenderedTextCard layouts={[]} textLayers={[beat]} marked={new Set(['t1'])} onToggle={(id, on) => toggles.push([id, on])} />)
    fireEvent.click(screen.getByRole('button', { name: 'Beat 1' }))
    expect(toggles.at(-1)).toEqual(['t1', false])
    expect(screen.getByText(/Marked layers are lettered into the image/)).toBeTruthy()
  })
  it("offers no chip to letter the Style line, unless it is already marked (so it can be unmarked)", () => {
    const style = { ...beat, id: 't9', name: 'Style', text: 'Ink wash, muted teal.' }
    render(<RenderedTextCard layouts={[]} textLayers={[beat, style]} marked={new Set()} onToggle={() => undefined} />)
    expect(screen.getAllByRole('button').map((b) => b.textContent)).toEqual(['Beat 1'])
    cleanup()
    render(<RenderedTextCard layouts={[]} textLayers={[style]} marked={new Set()} onToggle={() => undefined} />)
    expect(screen.queryByRole('group', { name: 'Text to render' })).toBeNull()
    cleanup()
    render(<RenderedTextCard layouts={[]} textLayers={[beat, style]} marked={new Set(['t9'])} onToggle={() => undefined} />)
    expect(screen.getAllByRole('button').map((b) => b.textContent)).toEqual(['Beat 1', 'Style'])
  })

  it('nothing to show without layouts or text layers', () => {
    const { container } = render(<RenderedTextCard layouts={[]} textLayers={[]} marked={new Set()} onToggle={() => undefined} />)
    expect(container.textContent).toBe('')
  })
  it('"Use as a reference instead" per layout, and the way back, only for a layout read as a reference too', () => {
    const asReference = { id: '5:1', name: 'Poster', type: 'FRAME', width: 400, height: 600, defaultRole: 'image' as const, problems: [], warnings: [] }
    const switches: [string, boolean][] = []
    const props = { textLayers: [], marked: new Set<string>(), onToggle: () => undefined, onUseAsReference: (id: string, on: boolean) => switches.push([id, on]) }
    render(<RenderedTextCard {...props} layouts={[{ ...layout, asReference }]} asReference={new Set()} />)
    fireEvent.click(screen.getByRole('button', { name: 'Use as a reference instead' }))
    expect(switches).toEqual([['5:1', true]])
    cleanup()
    render(<RenderedTextCard {...props} layouts={[{ ...layout, asReference }]} asReference={new Set(['5:1'])} />)
    expect(screen.getByLabelText('Layout Poster').textContent).toBe('"Poster" is used as a reference image for this generation; its text is not lettered and nothing is composed.')
    fireEvent.click(screen.getByRole('button', { name: 'Use as a layout' }))
    expect(switches.at(-1)).toEqual(['5:1', false])
    cleanup()
    render(<RenderedTextCard {...props} layouts={[layout]} asReference={new Set()} />)
    expect(screen.queryByRole('button', { name: 'Use as a reference instead' })).toBeNull()
  })
})
