// The starter document's pictures, painted on a canvas in the page (nothing is downloaded): a character
// portrait and a harbour at dusk, simple but recognisable, at sizes Kling accepts as references.
import { canvasToBytes } from './rasterize'

function canvas(width: number, height: number): [HTMLCanvasElement, CanvasRenderingContext2D] {
  const c = document.createElement('canvas')
  c.width = width
  c.height = height
  return [c, c.getContext('2d')!]
}

function vertical(ctx: CanvasRenderingContext2D, y0: number, y1: number, stops: string[]): CanvasGradient {
  const g = ctx.createLinearGradient(0, y0, 0, y1)
  stops.forEach((colour, i) => g.addColorStop(i / (stops.length - 1), colour))
  return g
}

function ellipse(ctx: CanvasRenderingContext2D, x: number, y: number, rx: number, ry: number, fill: string): void {
  ctx.fillStyle = fill
  ctx.beginPath()
  ctx.ellipse(x, y, rx, ry, 0, 0, Math.PI * 2)
  ctx.fill()
}

/** Mara: head and shoulders against a teal backdrop, dark bob, amber scarf. 800 × 1000. */
export function paintPortrait(): Promise<Uint8Array> {
  const [c, ctx] = canvas(800, 1000)
  ctx.fillStyle = vertical(ctx, 0, 1000, ['#3d6f73', '#1f3b42'])
  ctx.fillRect(0, 0, 800, 1000)
  ellipse(ctx, 400, 380, 330, 330, 'rgba(255,255,255,0.06)')
  // Coat and shoulders.
  ctx.fillStyle = '#2b2f36'
  ctx.beginPath()
  ctx.moveTo(90, 1000)
  ctx.quadraticCurveTo(120, 700, 400, 690)
  ctx.quadraticCurveTo(680, 700, 710, 1000)
  ctx.fill()
  // Scarf.
  ctx.fillStyle = '#c98a3c'
  ctx.beginPath()
  ctx.moveTo(270, 720)
  ctx.quadraticCurveTo(400, 800, 530, 720)
  ctx.lineTo(500, 790)
  ctx.quadraticCurveTo(400, 850, 300, 790)
  ctx.fill()
  // Neck, hair behind, face.
  ctx.fillStyle = '#d9a784'
  ctx.fillRect(350, 560, 100, 170)
  ellipse(ctx, 400, 420, 200, 230, '#23191a')
  ellipse(ctx, 400, 450, 145, 185, '#e8b995')
  // Fringe.
  ctx.fillStyle = '#23191a'
  ctx.beginPath()
  ctx.moveTo(250, 420)
  ctx.quadraticCurveTo(300, 230, 460, 250)
  ctx.quadraticCurveTo(560, 270, 548, 420)
  ctx.quadraticCurveTo(470, 330, 250, 420)
  ctx.fill()
  // Eyes, brows, nose, mouth.
  for (const x of [345, 455]) {
    ellipse(ctx, x, 465, 24, 13, '#ffffff')
    ellipse(ctx, x, 466, 11, 11, '#3b5a4a')
    ctx.strokeStyle = '#3a2620'
    ctx.lineWidth = 7
    ctx.beginPath()
    ctx.moveTo(x - 32, 430)
    ctx.quadraticCurveTo(x, 418, x + 32, 428)
    ctx.stroke()
  }
  ctx.strokeStyle = '#c48d6c'
  ctx.lineWidth = 5
  ctx.beginPath()
  ctx.moveTo(402, 480)
  ctx.lineTo(392, 540)
  ctx.lineTo(412, 545)
  ctx.stroke()
  ctx.strokeStyle = '#a2564f'
  ctx.lineWidth = 8
  ctx.beginPath()
  ctx.moveTo(365, 585)
  ctx.quadraticCurveTo(400, 600, 440, 583)
  ctx.stroke()
  return canvasToBytes(c, 'image/png')
}

/** The harbour at dusk: amber sky, low sun, lighthouse on the mole, boats on dark water. 1280 × 800. */
export function paintHarbour(): Promise<Uint8Array> {
  const [c, ctx] = canvas(1280, 800)
  const horizon = 480
  ctx.fillStyle = vertical(ctx, 0, horizon, ['#2e2a55', '#8c4a6b', '#f0a04b'])
  ctx.fillRect(0, 0, 1280, horizon)
  ellipse(ctx, 780, horizon - 10, 70, 70, '#ffd58a')
  ctx.fillStyle = vertical(ctx, horizon, 800, ['#3b3553', '#141726'])
  ctx.fillRect(0, horizon, 1280, 320)
  // The sun's reflection on the water.
  ctx.fillStyle = 'rgba(255, 200, 120, 0.45)'
  for (let i = 0; i < 9; i++) ctx.fillRect(780 - 60 + i * 4 - (i % 2) * 30, horizon + 14 + i * 24, 120 - i * 10, 5)
  // Far hills and the mole with its lighthouse.
  ctx.fillStyle = '#3b2f4a'
  ctx.beginPath()
  ctx.moveTo(0, horizon)
  ctx.quadraticCurveTo(260, 380, 520, horizon)
  ctx.fill()
  ctx.fillStyle = '#1b1826'
  ctx.fillRect(880, horizon - 14, 400, 22)
  ctx.fillRect(1090, horizon - 190, 44, 180)
  ctx.fillStyle = '#ffe7a6'
  ctx.fillRect(1096, horizon - 222, 32, 30)
  ctx.fillStyle = 'rgba(255, 231, 166, 0.18)'
  ctx.beginPath()
  ctx.moveTo(1112, horizon - 207)
  ctx.lineTo(700, horizon - 290)
  ctx.lineTo(700, horizon - 150)
  ctx.fill()
  // Boats: hulls and masts in silhouette.
  for (const [x, y, s] of [[200, 600, 1], [420, 660, 0.8], [620, 575, 0.6]] as const) {
    ctx.fillStyle = '#0d0f18'
    ctx.beginPath()
    ctx.moveTo(x - 90 * s, y)
    ctx.lineTo(x + 90 * s, y)
    ctx.lineTo(x + 65 * s, y + 30 * s)
    ctx.lineTo(x - 65 * s, y + 30 * s)
    ctx.fill()
    ctx.fillRect(x - 3 * s, y - 150 * s, 6 * s, 150 * s)
  }
  // The quay in the foreground.
  ctx.fillStyle = '#0b0c12'
  ctx.fillRect(0, 740, 1280, 60)
  return canvasToBytes(c, 'image/png')
}

/** Ines, for the Cast: head and shoulders against a plum backdrop, red hair; the face turned for an angle. 600 × 750. */
export function paintInes(view: 'front' | 'left' | 'right'): Promise<Uint8Array> {
  return paintCastFace(view, { backdrop: ['#6b4a73', '#2f2236'], jacket: '#3f5a3a', hair: '#9c3b1e' })
}

/**
 * Theo, for the Cast (his angles are image fills): a slate-blue backdrop, black hair, a mustard jacket.
 * 1200 × 1500, more than a 1K reference needs, so the upload draws each fill smaller as an export would be.
 */
export function paintTheo(view: 'front' | 'left' | 'right'): Promise<Uint8Array> {
  return paintCastFace(view, { backdrop: ['#4a6b8a', '#1f2c3a'], jacket: '#b8902e', hair: '#1c1a1a' }, 2)
}

/** A head and shoulders at 600 × 750 times `scale`. */
function paintCastFace(view: 'front' | 'left' | 'right', colours: { backdrop: string[]; jacket: string; hair: string }, scale = 1): Promise<Uint8Array> {
  const [c, ctx] = canvas(600 * scale, 750 * scale)
  ctx.scale(scale, scale)
  const turn = view === 'front' ? 0 : view === 'left' ? -60 : 60
  ctx.fillStyle = vertical(ctx, 0, 750, colours.backdrop)
  ctx.fillRect(0, 0, 600, 750)
  // Jacket.
  ctx.fillStyle = colours.jacket
  ctx.beginPath()
  ctx.moveTo(70, 750)
  ctx.quadraticCurveTo(90, 520, 300, 515)
  ctx.quadraticCurveTo(510, 520, 530, 750)
  ctx.fill()
  // Neck, hair behind, face (moved towards the way she looks).
  ctx.fillStyle = '#c98f6e'
  ctx.fillRect(262 + turn / 3, 420, 76, 120)
  ellipse(ctx, 300, 320, 165, 190, colours.hair)
  ellipse(ctx, 300 + turn, 340, 110, 140, '#e2ab88')
  // Eyes: both from the front, one from the side.
  const eyes = view === 'front' ? [258, 342] : [300 + turn * 1.6]
  for (const x of eyes) {
    ellipse(ctx, x, 335, 18, 10, '#ffffff')
    ellipse(ctx, x, 336, 8, 8, '#4a3a2a')
  }
  ctx.strokeStyle = '#9b5a4a'
  ctx.lineWidth = 6
  ctx.beginPath()
  ctx.moveTo(272 + turn * 1.2, 425)
  ctx.quadraticCurveTo(300 + turn * 1.2, 437, 328 + turn * 1.2, 424)
  ctx.stroke()
  return canvasToBytes(c, 'image/png')
}
