// The cast as the panel sees it: the names the main thread's index holds (sent on open and on every change),
// the members the prompt mentions (looked up by name, with a small thumbnail each), and the ones dropped
// for this generation. A keystroke only matches names in memory; the main thread is asked once per new name.
import { on } from '@create-figma-plugin/utilities'
import { useEffect, useMemo, useState } from 'preact/hooks'

import { aliasOf } from '../kling/tokens'
import type { CastChangedHandler, CastReference, SelectionSnapshot } from '../messages'
import { mainCalls } from '../rpc'
import { castToLookUp, withCast } from './form/cast-references'

const THUMBNAIL_SIDE = 64

export function useCast(selection: SelectionSnapshot, prompt: string): {
  selection: SelectionSnapshot
  names: readonly string[]
  /** Dropped names as the designer wrote them (`@Ines`). */
  dropped: readonly string[]
  thumbnails: ReadonlyMap<string, string>
  drop: (id: string) => void
} {
  const [names, setNames] = useState<readonly string[]>([])
  const [found, setFound] = useState<ReadonlyMap<string, CastReference>>(new Map())
  const [thumbnails, setThumbnails] = useState<ReadonlyMap<string, string>>(new Map())
  const [dropped, setDropped] = useState<ReadonlySet<string>>(new Set())

  useEffect(
    () =>
      on<CastChangedHandler>('CAST_CHANGED', ({ names: next }) => {
        setNames(next)
        // A renamed or changed member is looked up again.
        setFound(new Map())
      }),
    []
  )
  // "Until the prompt changes": any edit brings dropped members back.
  useEffect(() => setDropped(new Set()), [prompt])

  const wanted = useMemo(() => castToLookUp(prompt, names, selection, dropped), [prompt, names, selection, dropped])
  const missing = wanted.filter((name) => !found.has(name)).join('\n')
  useEffect(() => {
    if (missing === '') return
    let stale = false
    void mainCalls()
      .castReferences({ names: missing.split('\n') })
      .then(async (members) => {
        if (stale) return
        setFound((current) => {
          const next = new Map(current)
          for (const m of members) next.set(aliasOf(m.name).toLowerCase(), m)
          return next
        })
        for (const m of members) {
          try {
            const small = await mainCalls().exportReference({ nodeId: m.id, maxSide: THUMBNAIL_SIDE })
            const url = URL.createObjectURL(new Blob([small.bytes as BlobPart], { type: small.mimeType }))
            setThumbnails((current) => new Map(current).set(m.id, url))
          } catch {
            // A thumbnail is a nicety; the member itself is listed.
          }
        }
      })
      .catch(() => undefined)
    return () => {
      stale = true
    }
  }, [missing])

  return {
    selection: useMemo(() => withCast(selection, found, wanted), [selection, found, wanted]),
    names,
    dropped: useMemo(() => [...dropped].map((n) => `@${found.get(n)?.name.replace(/^@/, '') ?? n}`), [dropped, found]),
    thumbnails,
    drop: (id) => {
      const member = [...found.values()].find((m) => m.id === id)
      if (member) setDropped((current) => new Set(current).add(aliasOf(member.name).toLowerCase()))
    }
  }
}
