// The ratio offered from a layout's own shape: the catalog's nearest, in log-ratio.
import { describe, expect, test } from 'vitest'

import { capabilities } from '../../src/kling/capabilities'
import { nearestAspectRatio } from '../../src/kling/nearest-ratio'

const O3_T2I = capabilities('o3', 'text-to-image').aspectRatios
const O3_I2I = capabilities('o3', 'image-to-image').aspectRatios

describe('nearest supported aspect ratio', () => {
  test('exact shapes map to themselves', () => {
    expect(nearestAspectRatio(800, 1200, O3_T2I)).toBe('2:3')
    expect(nearestAspectRatio(1920, 1080, O3_T2I)).toBe('16:9')
    expect(nearestAspectRatio(500, 500, O3_T2I)).toBe('1:1')
  })
  test('in-between shapes go to the nearest in log-ratio, "auto" never offered', () => {
    // A4 portrait (0.707) sits between 2:3 (0.667) and 3:4 (0.75): 2:3 is nearer in log-ratio by a hair.
    expect(nearestAspectRatio(210, 297, O3_I2I)).toBe('2:3')
    expect(nearestAspectRatio(1000, 1290, O3_T2I)).toBe('3:4')
    expect(nearestAspectRatio(3000, 1000, O3_I2I)).toBe('21:9')
    expect(nearestAspectRatio(1000, 3000, O3_T2I)).toBe('9:16')
  })
  test('an empty frame, or no fixed ratios, offers nothing', () => {
    expect(nearestAspectRatio(0, 100, O3_T2I)).toBeUndefined()
    expect(nearestAspectRatio(100, 100, ['auto'])).toBeUndefined()
  })
})
