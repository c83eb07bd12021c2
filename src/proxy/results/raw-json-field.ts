// The exact text of one top-level member of a JSON object, without parsing and re-serialising it: fal's
// payloads carry integers past 2^53 (a result's `seed`), which JSON.parse would round. The text must
// already be known to be valid JSON (JSON.parse succeeded on it).

/** The raw value text of `key` in the top-level object `json`, or undefined when it has no such member. */
export function rawJsonField(json: string, key: string): string | undefined {
  let i = skipSpace(json, 0)
  if (json[i] !== '{') return undefined
  i = skipSpace(json, i + 1)
  let found: string | undefined
  while (i < json.length && json[i] !== '}') {
    const keyEnd = endOfString(json, i)
    const name = JSON.parse(json.slice(i, keyEnd)) as string
    i = skipSpace(json, keyEnd)
    i = skipSpace(json, i + 1) // the colon
    const valueEnd = endOfValue(json, i)
    // A repeated key: JSON.parse keeps the last one, and so does this.
    if (name === key) found = json.slice(i, valueEnd)
    i = skipSpace(json, valueEnd)
    if (json[i] === ',') i = skipSpace(json, i + 1)
  }
  return found
}

function skipSpace(s: string, i: number): number {
  while (i < s.length && (s[i] === ' ' || s[i] === '\n' || s[i] === '\r' || s[i] === '\t')) i++
  return i
}

/** `i` is at an opening quote; answers the index just past the closing one. */
function endOfString(s: string, i: number): number {
  for (let j = i + 1; j < s.length; j++) {
    if (s[j] === '\\') j++
    else if (s[j] === '"') return j + 1
  }
  return s.length
}

function endOfValue(s: string, i: number): number {
  if (s[i] === '"') return endOfString(s, i)
  if (s[i] === '{' || s[i] === '[') {
    let depth = 0
    for (let j = i; j < s.length; j++) {
      const c = s[j]
      if (c === '"') j = endOfString(s, j) - 1
      else if (c === '{' || c === '[') depth++
      else if (c === '}' || c === ']') {
        depth--
        if (depth === 0) return j + 1
      }
    }
    return s.length
  }
  // A number, true, false or null: runs to the next delimiter.
  let j = i
  while (j < s.length && !',}] \n\r\t'.includes(s[j] as string)) j++
  return j
}
