declare const overrideManifest: (manifest: Record<string, unknown>) => Record<string, unknown> & {
  networkAccess: { allowedDomains: string[]; devAllowedDomains: string[]; reasoning: string }
}
export default overrideManifest
