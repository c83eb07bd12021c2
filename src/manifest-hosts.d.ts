export function proxyOriginFromEnv(env: Record<string, string | undefined>): string | undefined
