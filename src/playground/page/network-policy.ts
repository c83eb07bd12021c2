// The Content-Security-Policy Figma puts on a plugin's UI iframe, built from the manifest's networkAccess.
//
// Documented (developers.figma.com/docs/plugins/making-network-requests, and the "Version 1, Update 66"
// release note): a request to a domain not in allowedDomains is blocked with a CSP error; "none" blocks
// all network access; devAllowedDomains apply only while the plugin is in development; published plugins
// ignore them. The playground runs the plugin as a development plugin, so both lists count.
// Inferred (Figma does not publish its policy text): which directives carry the list. Here every
// directive a page fetches through (connect, img, media, font, frame) gets the allowed domains, and
// inline script and style stay allowed because a plugin's UI is one inline document.

export interface NetworkAccess {
  allowedDomains?: string[]
  devAllowedDomains?: string[]
}

export function uiContentSecurityPolicy(access: NetworkAccess | undefined, development = true): string {
  // No networkAccess at all: Figma does not restrict the plugin.
  if (!access) return ''
  const listed = [...(access.allowedDomains ?? []), ...(development ? (access.devAllowedDomains ?? []) : [])]
  const domains = listed.includes('none') ? [] : listed.filter((d) => d !== 'none')
  const sources = (...extra: string[]): string => [...domains, ...extra].join(' ') || "'none'"
  return [
    "default-src 'none'",
    "script-src 'unsafe-inline' 'unsafe-eval' blob: data:",
    "style-src 'unsafe-inline' data:",
    `connect-src ${sources('data:', 'blob:')}`,
    `img-src ${sources('data:', 'blob:')}`,
    `media-src ${sources('data:', 'blob:')}`,
    `font-src ${sources('data:')}`,
    `frame-src ${sources()}`
  ].join('; ')
}
