// Fills and strokes (MinimalFillsMixin, MinimalStrokesMixin), mixed into every painted node.
import { normalizePaints } from '../paints'
import { traced } from '../trace'
import type { AbstractCtor } from './container'
import type { SceneImpl } from './scene-node'

export function withFills<B extends AbstractCtor<SceneImpl>>(Base: B) {
  abstract class Painted extends Base {
    _fills: ReadonlyArray<Paint> = []
    _strokes: ReadonlyArray<Paint> = []
    _strokeWeight = 1
    _strokeAlign: 'CENTER' | 'INSIDE' | 'OUTSIDE' = 'INSIDE'

    get fills(): ReadonlyArray<Paint> {
      return this._fills
    }
    set fills(value: ReadonlyArray<Paint>) {
      this._fills = traced('set fills', () => normalizePaints('set_fills', value, this._ctx.images))
    }
    get strokes(): ReadonlyArray<Paint> {
      return this._strokes
    }
    set strokes(value: ReadonlyArray<Paint>) {
      this._strokes = normalizePaints('set_strokes', value, this._ctx.images)
    }
    get strokeWeight(): number {
      return this._strokeWeight
    }
    set strokeWeight(value: number) {
      if (typeof value !== 'number' || !(value >= 0)) throw new Error('in set_strokeWeight: Expected a number >= 0')
      this._strokeWeight = value
    }
    /** Read by the plugin's reference fingerprint, never set. */
    get strokeAlign(): 'CENTER' | 'INSIDE' | 'OUTSIDE' {
      return this._strokeAlign
    }
  }
  return Painted
}

/** Corner radius for frames, rectangles and sections (one radius for all corners). */
export function withCorners<B extends AbstractCtor<SceneImpl>>(Base: B) {
  abstract class Cornered extends Base {
    _cornerRadius = 0
    get cornerRadius(): number {
      return this._cornerRadius
    }
    set cornerRadius(value: number) {
      if (typeof value !== 'number' || !(value >= 0)) throw new Error('in set_cornerRadius: Expected a number >= 0')
      this._cornerRadius = value
    }
  }
  return Cornered
}
