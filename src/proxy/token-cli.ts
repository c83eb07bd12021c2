// `npm run token`: prints one new access token for PROXY_TOKENS (one per teammate).
import { newToken } from './token-strength'

console.log(newToken())
