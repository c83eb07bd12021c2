// How old a job is against what the proxy and fal remember: the two decisions made from a record's createdAt.
import { describe, expect, it } from 'vitest'

import { proxyMayHaveForgotten, RESULT_GONE_AFTER_MS, resultSurelyGone } from '../../src/ui/jobs/job-age'

const NOW = new Date('2026-11-26T12:00:00.000Z')
const ago = (ms: number) => new Date(NOW.getTime() - ms).toISOString()
const HOUR = 60 * 60 * 1000
const DAY = 24 * HOUR

describe('whether a job recorded mid-submit may be sent again', () => {
  it.each([
    ['an hour old', ago(HOUR), false],
    ['six days old', ago(6 * DAY), false],
    ['seven days old: within a day of the proxy forgetting, which a clock running behind could cross', ago(7 * DAY), true],
    ['nine days old', ago(9 * DAY), true],
    ['with no readable time', 'yesterday', true],
    ['recorded "in the future" by a clock running ahead', ago(-HOUR), false]
  ] as const)('%s: may have been forgotten → %s', (_, createdAt, expected) => {
    expect(proxyMayHaveForgotten(createdAt, NOW)).toBe(expected)
  })
})

describe("whether a job's result is surely gone", () => {
  it.each([
    ['an hour old (a long queue may still be running)', ago(HOUR), false],
    ['just under a day old', ago(RESULT_GONE_AFTER_MS - 1), false],
    ['a day old', ago(RESULT_GONE_AFTER_MS), true],
    ['nine days old (the proxy has forgotten its owner too)', ago(9 * DAY), true],
    ['with no readable time', 'not a date', false]
  ] as const)('%s → %s', (_, createdAt, expected) => {
    expect(resultSurelyGone(createdAt, NOW)).toBe(expected)
  })
})
