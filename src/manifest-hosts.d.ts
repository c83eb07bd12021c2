export const PROXY_PATH: string
export const USAGE_PATH: string
export const LOCAL_PROXY_ORIGIN: string
export const FAL_MEDIA_DOMAINS: string[]
export function proxyOriginsFromEnv(env: Record<string, string | undefined>): string[]
export function networkAccessFromEnv(env: Record<string, string | undefined>): { allowedDomains: string[]; devAllowedDomains: string[] }
export function allowedProxyOrigins(env: Record<string, string | undefined>): string[]
export function buildDefines(env: Record<string, string | undefined>): Record<string, string>
export function pluginIdFromEnv(env: Record<string, string | undefined>, developmentId: string): string
export function isLoopback(host: string): boolean
