// @vitest-environment happy-dom
// The export buttons with the main thread's calls stood in for: what is copied when the Clipboard API is
// refused, what is downloaded and under what name, progress, and errors that say what to do.
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact'
import { h } from 'preact'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

import type { ExportPanel, ExportStoryboard, StoryboardSummary } from '../../src/messages'
import { ExportButtons } from '../../src/ui/components/export-buttons'
import { makeImage } from '../host/helpers'
import { readPdf } from './read-pdf'

const summary: StoryboardSummary = { id: 's1', name: 'Neon harbour', panelCount: 2, running: true, lastNumber: 2 }

function panel(number: number, hasImage: boolean): ExportPanel {
  return {
    id: `p${number}`,
    number,
    caption: `Beat ${number}`,
    shot: '',
    prompt: hasImage ? 'Neon harbour\tat night' : '',
    model: hasImage ? 'Kling Image O3 text-to-image' : '',
    resolution: hasImage ? '1K' : '',
    aspectRatio: hasImage ? '16:9' : '',
    costUsd: hasImage ? 0.028 : null,
    requestId: hasImage ? 'req-1' : '',
    x: number * 500,
    y: 0,
    imageWidth: 480,
    imageHeight: 270,
    hasImage,
    ...(!hasImage && { status: 'Waiting for Kling…' })
  }
}

const board: ExportStoryboard = { id: 's1', name: 'Neon harbour', running: true, panels: [panel(1, true), panel(2, false)] }

interface Saved {
  name: string
  blob: Blob
}

let saved: Saved[]
let blobs: Map<string, Blob>

beforeEach(() => {
  saved = []
  blobs = new Map()
  vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
    const url = `blob:test/${blobs.size}`
    blobs.set(url, blob as Blob)
    return url
  })
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    saved.push({ name: this.download, blob: blobs.get(this.href)! })
  })
})

afterEach(() => {
  cleanup()
  vi.restoreAllMocks()
})

function fakeMain(over: { readStoryboards?: () => Promise<ExportStoryboard[]> } = {}) {
  return {
    readStoryboards: vi.fn(over.readStoryboards ?? (async () => [board])),
    exportPanelImage: vi.fn(async ({ panelId }: { panelId: string }) => ({ panelId, bytes: await makeImage(960, 540, 'jpeg'), width: 960, height: 540 }))
  }
}

describe('Copy shot list', () => {
  it('falls back to a hidden textarea when the Clipboard API is refused, and says how many rows', async () => {
    Object.defineProperty(navigator, 'clipboard', { configurable: true, value: { writeText: vi.fn().mockRejectedValue(new Error('NotAllowedError')) } })
    let copied = ''
    document.execCommand = vi.fn(() => {
      copied = (document.activeElement as HTMLTextAreaElement | null)?.value ?? document.querySelector('textarea')?.value ?? ''
      return true
    })
    const main = fakeMain()
    render(<ExportButtons storyboards={[summary]} main={main} />)
    fireEvent.click(screen.getByRole('button', { name: 'Copy shot list' }))
    await waitFor(() => expect(screen.getByRole('status').textContent).toMatch(/^Copied 2 rows/))
    expect(screen.getByRole('status').textContent).toContain('"Neon harbour" is still generating: panels without their image are left empty.')
    expect(main.readStoryboards).toHaveBeenCalledWith({ sectionIds: ['s1'] })
    const lines = copied.split('\n')
    expect(lines[0]).toBe('Panel\tCaption\tShot\tPrompt\tModel\tResolution\tAspect ratio\tCost (USD)\tRequest id')
    expect(lines[1]).toBe('1\tBeat 1\t\tNeon harbour at night\tKling Image O3 text-to-image\t1K\t16:9\t0.028\treq-1')
    expect(lines[2]).toBe('2\tBeat 2\t\t\t\t\t\t\t')
    // The textarea is gone again.
    expect(document.querySelector('textarea')).toBeNull()
  })

  it('when the browser refuses both ways, says so and what to do instead', async () => {
    Object.defineProperty(navigator, 'clipboard', { configurable: true, value: undefined })
    document.execCommand = vi.fn(() => false)
    render(<ExportButtons storyboards={[summary]} main={fakeMain()} />)
    fireEvent.click(screen.getByRole('button', { name: 'Copy shot list' }))
    await waitFor(() =>
      expect(screen.getByRole('alert').textContent).toBe('Copy shot list failed: The browser did not allow copying here. Use Download CSV instead.')
    )
  })
})

describe('Download CSV', () => {
  it('downloads the table as UTF-8 CSV named after the section', async () => {
    render(<ExportButtons storyboards={[summary]} main={fakeMain()} />)
    fireEvent.click(screen.getByRole('button', { name: 'Download CSV' }))
    await waitFor(() => expect(screen.getByRole('status').textContent).toMatch(/^Downloaded Neon harbour\.csv \(2 rows\)\./))
    const [file] = saved
    expect(file!.name).toBe('Neon harbour.csv')
    const text = new TextDecoder().decode(await file!.blob.arrayBuffer())
    expect(text.replace(/^\ufeff/, '').split('\r\n')[1]).toBe('1,Beat 1,,Neon harbour\tat night,Kling Image O3 text-to-image,1K,16:9,0.028,req-1')
  })
})

describe('Export PDF', () => {
  it('exports only the panels that have images, one at a time, and downloads a PDF a reader opens', async () => {
    const main = fakeMain()
    render(<ExportButtons storyboards={[summary]} main={main} />)
    fireEvent.click(screen.getByRole('button', { name: 'Export PDF' }))
    await waitFor(() => expect(screen.getByRole('status').textContent).toMatch(/^Downloaded Neon harbour\.pdf \(1 page\)\./))
    expect(screen.getByRole('status').textContent).toContain('panels without their image are left empty')
    expect(main.exportPanelImage.mock.calls.map(([a]) => a.panelId)).toEqual(['p1'])
    const [file] = saved
    expect(file!.name).toBe('Neon harbour.pdf')
    const pdf = await readPdf(new Uint8Array(await file!.blob.arrayBuffer()))
    expect(pdf.pages).toHaveLength(1)
    expect(pdf.pages[0]!.images).toBe(1)
    expect(pdf.pages[0]!.text).toContain('Waiting for Kling…')
  })

  it('a failure says what went wrong and what to do, downloads nothing, and the buttons work again', async () => {
    const main = fakeMain({
      readStoryboards: () => Promise.reject(new Error('A selected storyboard was deleted or is no longer a Keyframe storyboard. Select it again.'))
    })
    render(<ExportButtons storyboards={[summary]} main={main} />)
    fireEvent.click(screen.getByRole('button', { name: 'Export PDF' }))
    await waitFor(() =>
      expect(screen.getByRole('alert').textContent).toBe(
        'Export PDF failed: A selected storyboard was deleted or is no longer a Keyframe storyboard. Select it again.'
      )
    )
    expect(saved).toEqual([])
    expect((screen.getByRole('button', { name: 'Export PDF' }) as HTMLButtonElement).disabled).toBe(false)
  })
})
