// Reading back JSON Keyframe stored (plugin data, clientStorage, JSON-lines files), which anyone or another
// version may have changed: the parse that never throws, and where a schema issue points, in words. Each
// reader words its own message around these; none repeats the value itself (it may hold a token hash).

/** The parsed value, or undefined with `ok: false` when `raw` is not JSON. */
export function parseJson(raw: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(raw) as unknown }
  } catch {
    return { ok: false }
  }
}

/** "panels.0.number": the field a schema issue is about, or undefined when it is about the whole value. */
export function issueField(issue: { path: readonly PropertyKey[] } | undefined): string | undefined {
  return issue?.path.length ? issue.path.map(String).join('.') : undefined
}
