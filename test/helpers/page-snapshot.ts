// Reading outcomes from a page snapshot (the in-memory Figma's, in Node or in the playground): the sections
// a generation made and their panels, with each panel's parts by layer name.
import type { NodeSnapshot, PageSnapshot } from '../../src/host/figma'

export interface PanelView {
  node: NodeSnapshot
  number: string
  caption: string | undefined
  /** The panel's shot line ("Wide · 24 mm"), absent when its beat named no shot. */
  shot: string | undefined
  image: NodeSnapshot
  /** The panel's status line (waiting, failed, paid for…), absent once its image is placed. */
  status: string | undefined
}

export function sections(page: PageSnapshot): NodeSnapshot[] {
  return page.children.filter((n) => n.type === 'SECTION')
}

/** A section's Keyframe panels in order; a panel without its Image layer is a broken panel and throws. */
export function panels(section: NodeSnapshot): PanelView[] {
  return (section.children ?? [])
    .filter((n) => n.type === 'FRAME' && n.pluginData.includes('keyframe.panel'))
    .map((node) => {
      const part = (name: string) => node.children?.find((c) => c.name === name)
      const image = part('Image')
      if (!image) throw new Error(`${node.name} has no Image layer`)
      return { node, number: part('Number')?.characters ?? '', caption: part('Caption')?.characters, shot: part('Shot')?.characters, image, status: part('Status')?.characters }
    })
}
