// Small statistics for the benchmark tables.
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  if (sorted.length === 0) return NaN
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
  return sorted[i]!
}

export function median(values: readonly number[]): number {
  return percentile(values, 50)
}

export const round = (n: number, digits = 1): number => Math.round(n * 10 ** digits) / 10 ** digits
