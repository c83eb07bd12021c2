// Drafting a prompt from the selected text layers, and reading panel captions back out of a prompt.
// The prompt text is the single source of truth: the layers only pre-fill it, and the captions placed
// under storyboard panels are parsed from whatever the designer finally wrote.
import { inReadingOrder, type Placed } from './reading-order'

export interface TextLayer extends Placed {
  id: string
  name: string
  text: string
}

export type OutputKind = 'single' | 'variations' | 'series'

const STYLE_LAYER = /^\s*style\s*$/i
const PANEL_MARKER = /\bPanel\s+(\d+)\s*:/gi

export interface DraftedPrompt {
  style: string | undefined
  beats: string[]
  prompt: string
}

export function draftPrompt(layers: readonly TextLayer[], output: OutputKind): DraftedPrompt {
  const filled = layers.filter((l) => l.text.trim() !== '')
  const styleLayer = filled.find((l) => STYLE_LAYER.test(l.name))
  const style = styleLayer ? sentence(styleLayer.text) : undefined
  const beats = inReadingOrder(filled.filter((l) => l !== styleLayer)).map((l) => sentence(l.text))
  const parts =
    output === 'series' && beats.length > 0
      ? [style, ...beats.map((beat, i) => `Panel ${i + 1}: ${beat}`)]
      : [style, ...beats]
  return { style, beats, prompt: parts.filter((p): p is string => p !== undefined).join(' ') }
}

/**
 * The text after each "Panel N:" marker, by panel number, as written: its final full stop stays (a caption
 * is a sentence), a dangling comma or semicolon goes. Empty when the prompt has no markers.
 */
export function panelCaptions(prompt: string): Map<number, string> {
  const markers = [...prompt.matchAll(PANEL_MARKER)]
  const captions = new Map<number, string>()
  markers.forEach((m, i) => {
    const start = (m.index ?? 0) + m[0].length
    const end = markers[i + 1]?.index ?? prompt.length
    const caption = prompt.slice(start, end).trim().replace(/[;,\s]+$/, '')
    const n = Number(m[1])
    if (caption !== '' && !captions.has(n)) captions.set(n, caption)
  })
  return captions
}

/** Collapses whitespace and ends the text with a full stop unless it already ends a sentence. */
function sentence(text: string): string {
  const t = text.replace(/\s+/g, ' ').trim()
  return /[.!?…]["'”’)]?$/.test(t) ? t : `${t}.`
}
