declare const overrideManifest: (manifest: Record<string, unknown> & { id?: string }) => Record<string, unknown> & {
  id: string
  networkAccess: { allowedDomains: string[]; devAllowedDomains: string[]; reasoning: string }
}
export default overrideManifest
