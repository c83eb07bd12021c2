import { describe, expect, it } from 'vitest'

import { checkExportPixels, minimumExport } from '../../src/kling/export-pixels'

describe('the pixels Kling receives are the export, not the frame', () => {
  it('a frame under 300 px is enlarged on its short side; one at or over it is not', () => {
    expect(minimumExport({ width: 200, height: 150 })).toEqual({ scale: 2, width: 400, height: 300 })
    expect(minimumExport({ width: 300, height: 900 })).toEqual({ scale: 1, width: 300, height: 900 })
  })

  it('200×150 with an 800×600 image behind it (4 source pixels a canvas pixel): no error, no warning', () => {
    expect(checkExportPixels({ name: 'Sharp', width: 200, height: 150 }, 4)).toEqual({ problems: [], warnings: [], maxScale: 4 })
  })

  it('200×150 with only its own pixels: a warning that it will be upscaled, not an error', () => {
    const check = checkExportPixels({ name: 'Soft', width: 200, height: 150 }, 1)
    expect(check.problems).toEqual([])
    expect(check.warnings.map((w) => w.message)).toEqual([
      '"Soft" is 200×150 px with no more pixels behind it: it will be upscaled to 400×300 px for Kling, and may look soft.'
    ])
    expect(check.maxScale).toBe(2)
  })

  it('a source just short of the minimum still warns; an extreme aspect ratio is still an error', () => {
    expect(checkExportPixels({ name: 'Near', width: 200, height: 150 }, 1.9).warnings).toHaveLength(1)
    expect(checkExportPixels({ name: 'Strip', width: 1600, height: 400 }, 1).problems.map((p) => p.reason)).toEqual(['aspect'])
  })
})
