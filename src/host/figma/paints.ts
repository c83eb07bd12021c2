// Paint arrays as Figma returns them: complete (defaults filled in) and deeply frozen, so plugins must
// build a new array and assign it rather than mutate what they read.
import type { ImageStore } from './image-store'

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const v of Object.values(value)) deepFreeze(v)
    Object.freeze(value)
  }
  return value
}

const isUnit = (v: unknown): v is number => typeof v === 'number' && v >= 0 && v <= 1

function checkColor(method: string, c: unknown): RGB {
  const color = typeof c === 'object' && c !== null ? (c as Partial<Record<keyof RGB, unknown>>) : {}
  const { r, g, b } = color
  if (!isUnit(r) || !isUnit(g) || !isUnit(b)) throw new Error(`in ${method}: Expected "color" to be { r, g, b } with components between 0 and 1`)
  return { r, g, b }
}

function normalizePaint(method: string, paint: Paint, images: ImageStore): Paint {
  const base = {
    visible: paint.visible ?? true,
    opacity: paint.opacity ?? 1,
    blendMode: paint.blendMode ?? 'NORMAL'
  }
  switch (paint.type) {
    case 'SOLID':
      return { type: 'SOLID', ...base, color: checkColor(method, paint.color), boundVariables: {} } as SolidPaint
    case 'IMAGE': {
      if (paint.imageHash !== null && !images.has(paint.imageHash)) {
        throw new Error(`in ${method}: Image with hash ${paint.imageHash} does not exist; create it with figma.createImage first`)
      }
      const scaleModes = ['FILL', 'FIT', 'CROP', 'TILE']
      if (!scaleModes.includes(paint.scaleMode)) throw new Error(`in ${method}: Invalid scaleMode "${String(paint.scaleMode)}"`)
      return {
        type: 'IMAGE',
        ...base,
        scaleMode: paint.scaleMode,
        imageHash: paint.imageHash,
        imageTransform: paint.imageTransform ?? [[1, 0, 0], [0, 1, 0]],
        scalingFactor: paint.scalingFactor ?? 0.5,
        rotation: paint.rotation ?? 0,
        filters: { exposure: 0, contrast: 0, saturation: 0, temperature: 0, tint: 0, highlights: 0, shadows: 0, ...paint.filters }
      } as ImagePaint
    }
    case 'GRADIENT_LINEAR':
    case 'GRADIENT_RADIAL':
    case 'GRADIENT_ANGULAR':
    case 'GRADIENT_DIAMOND':
      return { ...paint, ...base } as GradientPaint
    default:
      throw new Error(`in ${method}: Unsupported paint type "${String((paint as { type?: unknown }).type)}"`)
  }
}

export function normalizePaints(method: string, value: unknown, images: ImageStore): ReadonlyArray<Paint> {
  if (!Array.isArray(value)) throw new Error(`in ${method}: Expected an array of paints`)
  return deepFreeze(value.map((p: Paint) => normalizePaint(method, p, images)))
}

export const solid = (r: number, g: number, b: number): SolidPaint => ({ type: 'SOLID', color: { r, g, b } })

export function frozenPaints(paints: Paint[], images: ImageStore): ReadonlyArray<Paint> {
  return normalizePaints('init', paints, images)
}
