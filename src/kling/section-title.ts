// A Section's name, from the prompt: its first words, without panel markers or @ tokens.
export function sectionTitle(prompt: string, fallback: string): string {
  const words = prompt
    .replace(/\bPanel\s+\d+\s*:/gi, ' ')
    .replace(/@\S+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
  if (words === '') return fallback
  if (words.length <= 48) return words.replace(/[.,;:]+$/, '')
  const cut = words.slice(0, 48)
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), 24)).replace(/[.,;:]+$/, '')}…`
}
