import { describe, expect, it } from 'vitest'

import { costLine, moneyText, spendText } from '../../src/ui/money'

describe('money for the mode', () => {
  it('offline says what it would cost live; live and unknown keep the amount', () => {
    expect(moneyText(0.112, 'offline')).toBe('would cost $0.112 live')
    expect(moneyText(0.112, 'live')).toBe('$0.112')
    expect(moneyText(0.112, undefined)).toBe('$0.112')
  })

  it('the cost line', () => {
    expect(costLine(0.112, 4, 'offline')).toBe('Cost: would be $0.112 live for 4 images')
    expect(costLine(0.028, 1, 'live')).toBe('Cost: $0.028 for 1 image')
    expect(costLine(null, 0, 'offline')).toBe('Cost: –')
  })

  it("today's spend against the budget", () => {
    expect(spendText(1.234, 25)).toBe('$1.23 of $25 today')
    expect(spendText(0, 12.5)).toBe('$0.00 of $12.50 today')
    expect(spendText(3.5, null)).toBe('$3.50 today')
  })
})
