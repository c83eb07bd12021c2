// The host's rasterizer in a browser: the SVG of a node drawn on a canvas at the exact export size.
import type { Rasterizer } from '../../host/figma'

function loadImage(url: string): Promise<HTMLImageElement> {
  return new Promise((resolve, reject) => {
    const image = new Image()
    image.onload = () => resolve(image)
    image.onerror = () => reject(new Error('The browser could not draw this node (its SVG did not load as an image)'))
    image.src = url
  })
}

export function canvasToBytes(canvas: HTMLCanvasElement, type: 'image/png' | 'image/jpeg'): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    canvas.toBlob(
      (blob) => {
        if (!blob) return reject(new Error(`The canvas could not encode ${type}`))
        blob.arrayBuffer().then((buffer) => resolve(new Uint8Array(buffer)), reject)
      },
      type,
      0.9
    )
  })
}

export const browserRasterizer: Rasterizer = async (svg, width, height, format) => {
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }))
  try {
    const image = await loadImage(url)
    const canvas = document.createElement('canvas')
    canvas.width = width
    canvas.height = height
    const ctx = canvas.getContext('2d')
    if (!ctx) throw new Error('No 2D canvas in this browser')
    if (format === 'JPG') {
      // JPEG has no alpha: what Figma exports over white.
      ctx.fillStyle = '#ffffff'
      ctx.fillRect(0, 0, width, height)
    }
    ctx.drawImage(image, 0, 0, width, height)
    return await canvasToBytes(canvas, format === 'JPG' ? 'image/jpeg' : 'image/png')
  } finally {
    URL.revokeObjectURL(url)
  }
}
