// The proxy's version: package.json's, read once at start-up. The proxy runs from its sources (tsx), so
// package.json sits two folders up, in the repository and in the container image (Dockerfile) alike.
import { readFileSync } from 'node:fs'

export const SERVER_VERSION: string = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version
