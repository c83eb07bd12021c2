// @vitest-environment happy-dom
// Finalize on the panel card: offered above the shown image's resolution with its cost before the click, the
// final version marked on the card, and its full-size file offered (and its loss said plainly) when Figma
// holds it scaled down.
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact'
import { h } from 'preact'
import { afterEach, describe, expect, test, vi } from 'vitest'

import type { EndpointInput } from '../../src/kling/endpoints'
import type { PanelSummary } from '../../src/messages'
import { PanelCard } from '../../src/ui/components/panel-card'
import { lighthouseInput, lighthousePanel } from './panel-fixture'

afterEach(() => {
  cleanup()
  vi.unstubAllGlobals()
})

const input = lighthouseInput
const panel = lighthousePanel

function renderCard(panels: PanelSummary[]) {
  const onFinalize = vi.fn()
  const noop = vi.fn()
  render(<PanelCard panels={panels} onRegenerate={noop} onStep={noop} onRemove={noop} onEditPrompt={noop} onUseAsReference={async () => undefined} onFinalize={onFinalize} />)
  return onFinalize
}

describe('Finalize', () => {
  test('a 1K panel is offered 2K and 4K, each priced before the click; the click names the panel and the choice', () => {
    const onFinalize = renderCard([panel()])
    const button = screen.getByRole('button', { name: 'Finalize' })
    expect(screen.getByRole('radiogroup', { name: 'Finalize at' })).toBeTruthy()
    expect(screen.getByText(/same picture at 2K/)).toBeTruthy()
    // Regenerate at 1K and Finalize at 2K both cost one image at $0.028.
    expect(screen.getAllByText('$0.028').length).toBeGreaterThanOrEqual(2)
    fireEvent.click(screen.getByRole('radio', { name: '4K' }))
    expect(screen.getByText('$0.056')).toBeTruthy()
    fireEvent.click(button)
    expect(onFinalize.mock.calls.map(([p, r]) => [(p as PanelSummary).id, r])).toEqual([['7:3', '4K']])
  })

  test('nothing to finalize at 4K, while no image has arrived, or with several panels selected', () => {
    const at2k = { ...input, resolution: '2K' } satisfies EndpointInput<'fal-ai/kling-image/v3/text-to-image'>
    renderCard([panel({ shown: { endpoint: 'fal-ai/kling-image/v3/text-to-image', requestId: 'r', prompt: input.prompt, costUsd: 0.028, input: at2k, index: 1 } })])
    // 2K: only 4K is above it.
    expect(screen.queryByRole('radio', { name: '2K' })).toBeNull()
    cleanup()
    const at4k = { prompt: 'x', resolution: '4K', num_images: 1 } satisfies EndpointInput<'fal-ai/kling-image/o3/text-to-image'>
    renderCard([panel({ shown: { endpoint: 'fal-ai/kling-image/o3/text-to-image', requestId: 'r', prompt: 'x', costUsd: 0.056, input: at4k, index: 1 } })])
    expect(screen.queryByRole('button', { name: 'Finalize' })).toBeNull()
    cleanup()
    renderCard([panel({ shown: undefined, versions: { count: 0, current: 0 } })])
    expect(screen.queryByRole('button', { name: 'Finalize' })).toBeNull()
    cleanup()
    renderCard([panel(), panel({ id: '7:4', name: 'Image 2' })])
    expect(screen.queryByRole('button', { name: 'Finalize' })).toBeNull()
  })

  test('a running regenerate turns it off and says why', () => {
    renderCard([panel({ running: true })])
    expect((screen.getByRole('button', { name: 'Finalize' }) as HTMLButtonElement).disabled).toBe(true)
    expect(screen.getAllByRole('alert').map((a) => a.textContent)).toEqual(['Image 1 is still being regenerated.'])
  })

  test('a final version reads "final · 4K"; its full-size file downloads, and a gone file is said plainly', async () => {
    const final = { resolution: '4K' as const, imageUrl: 'https://fal.media/files/final.png', fullSize: { width: 4608, height: 2592 } }
    renderCard([panel({ versions: { count: 2, current: 2 }, final })])
    expect(screen.getByText('final · 4K')).toBeTruthy()
    expect(screen.getByText(/fal, which keeps it for a limited time/)).toBeTruthy()
    const fetched: string[] = []
    vi.stubGlobal('fetch', async (url: string) => {
      fetched.push(url)
      return new Response('gone', { status: 404 })
    })
    fireEvent.click(screen.getByRole('button', { name: 'Download full size (4608×2592)' }))
    await waitFor(() => expect(screen.getByRole('alert').textContent).toMatch(/^The full-size file could not be fetched from fal \(download answered 404\)\. .*Finalize the panel again/))
    expect(fetched).toEqual(['https://fal.media/files/final.png'])
  })

  test('a final version Figma holds at its own size offers no download', () => {
    renderCard([panel({ versions: { count: 2, current: 2 }, final: { resolution: '2K', imageUrl: 'https://fal.media/files/final.png' } })])
    expect(screen.getByText('final · 2K')).toBeTruthy()
    expect(screen.queryByRole('button', { name: /Download full size/ })).toBeNull()
  })
})
