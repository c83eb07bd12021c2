// Text layers: characters and font properties guarded by loadFontAsync, sized by an approximate layout.
import type { HostContext } from '../context'
import { DEFAULT_FONT, isFontName, layoutText, type TextLayout } from '../fonts'
import { frozenPaints, solid } from '../paints'
import { withLayoutChild } from './auto-layout'
import { registerNodeClass } from './base-node'
import { withFills } from './fills'
import { SceneImpl } from './scene-node'

type AutoResize = 'NONE' | 'WIDTH_AND_HEIGHT' | 'HEIGHT' | 'TRUNCATE'
type AlignH = 'LEFT' | 'CENTER' | 'RIGHT' | 'JUSTIFIED'

export class TextImpl extends withFills(withLayoutChild(SceneImpl)) {
  _characters = ''
  _fontName: FontName = DEFAULT_FONT
  _fontSize = 12
  _autoResize: AutoResize = 'WIDTH_AND_HEIGHT'
  _lineHeight: LineHeight = { unit: 'AUTO' }
  _alignH: AlignH = 'LEFT'
  /** Until a name is set, a text layer is named after its characters. */
  _autoRename = true

  constructor(ctx: HostContext, id: string) {
    super(ctx, 'TEXT', id, '', 0, 0)
    this._fills = frozenPaints([solid(0, 0, 0)], ctx.images)
    this._reflow()
  }

  override get name(): string {
    return this._autoRename ? this._characters : this._name
  }
  override set name(value: string) {
    if (typeof value !== 'string') throw new Error('in set_name: Expected a string')
    this._name = value
    this._autoRename = false
  }

  /** Figma refuses layout-affecting writes until the node's current font is loaded. */
  _needFont(method: string, font: FontName = this._fontName): void {
    this._ctx.fonts.assertLoaded(method, font)
  }

  get characters(): string {
    return this._characters
  }
  set characters(value: string) {
    if (typeof value !== 'string') throw new Error('in set_characters: Expected a string')
    this._needFont('set_characters')
    this._characters = value
    this._reflow()
  }
  get fontName(): FontName {
    return { ...this._fontName }
  }
  set fontName(value: FontName) {
    if (!isFontName(value)) throw new Error('in set_fontName: Expected a FontName { family, style }')
    this._needFont('set_fontName', value)
    this._fontName = { family: value.family, style: value.style }
    this._reflow()
  }
  get fontSize(): number {
    return this._fontSize
  }
  set fontSize(value: number) {
    if (typeof value !== 'number' || !(value >= 1)) throw new Error('in set_fontSize: Expected "fontSize" to have value >= 1')
    this._needFont('set_fontSize')
    this._fontSize = value
    this._reflow()
  }
  get textAutoResize(): AutoResize {
    return this._autoResize
  }
  set textAutoResize(value: AutoResize) {
    if (!['NONE', 'WIDTH_AND_HEIGHT', 'HEIGHT', 'TRUNCATE'].includes(value)) throw new Error(`in set_textAutoResize: Invalid value "${String(value)}"`)
    this._needFont('set_textAutoResize')
    this._autoResize = value
    this._reflow()
  }
  get lineHeight(): LineHeight {
    return { ...this._lineHeight }
  }
  set lineHeight(value: LineHeight) {
    const ok = value && (value.unit === 'AUTO' || ((value.unit === 'PIXELS' || value.unit === 'PERCENT') && typeof value.value === 'number'))
    if (!ok) throw new Error('in set_lineHeight: Expected { unit: "AUTO" } or { unit: "PIXELS" | "PERCENT", value }')
    this._needFont('set_lineHeight')
    this._lineHeight = { ...value }
    this._reflow()
  }
  // Read by the plugin's reference fingerprint; set by the canvas export's pixel tests (centred captions).
  get textAlignHorizontal(): AlignH {
    return this._alignH
  }
  set textAlignHorizontal(value: AlignH) {
    if (!['LEFT', 'CENTER', 'RIGHT', 'JUSTIFIED'].includes(value)) throw new Error(`in set_textAlignHorizontal: Invalid value "${String(value)}"`)
    this._alignH = value
  }

  _lineHeightPx(): number | null {
    const lh = this._lineHeight
    if (lh.unit === 'PIXELS') return lh.value
    if (lh.unit === 'PERCENT') return (lh.value / 100) * this._fontSize
    return null
  }

  _layout(): TextLayout {
    return layoutText(this._characters, this._fontSize, this._lineHeightPx(), this._autoResize, this._w, this._h)
  }

  /** Recomputes the box from the text for the auto-resize mode. */
  _reflow(): void {
    const l = this._layout()
    this._w = Math.max(l.width, this._autoResize === 'WIDTH_AND_HEIGHT' ? 0 : 0.01)
    this._h = l.height
  }

  /**
   * Resizing fixes the box: any auto-resize mode becomes NONE, so text longer than the box is clipped.
   * Inferred, and the stricter reading: the typings (resize, textAutoResize) do not say whether Figma
   * keeps auto-height through resize(). A plugin that wants auto-height sets it after resizing.
   */
  override _setSize(width: number, height: number): void {
    this._autoResize = 'NONE'
    this._w = width
    this._h = height
    this._reflow()
  }
}
registerNodeClass(TextImpl)
