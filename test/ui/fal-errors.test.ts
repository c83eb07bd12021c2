// What a designer reads when the proxy cannot be reached: "npm start" only for the local default.
import { describe, expect, test } from 'vitest'

import { LOCAL_PROXY_URL } from '../../src/proxy-url'
import { describeFailure } from '../../src/ui/fal-errors'

describe('an unreachable proxy', () => {
  const offline = new TypeError('Failed to fetch')

  test('the local default says how to start it, or to enter the team\'s proxy', () => {
    expect(describeFailure(offline, LOCAL_PROXY_URL)).toEqual({
      kind: 'unreachable',
      message: "Can't reach the local proxy at http://localhost:8787/api/fal/proxy. Start it with npm start, or enter your team's proxy in Settings."
    })
  })

  test('a team proxy names who to ask and the build that allows it, never npm start', () => {
    const { kind, message } = describeFailure(offline, 'https://keyframe.example.com/api/fal/proxy')
    expect(kind).toBe('unreachable')
    expect(message).toBe(
      "Can't reach the proxy at https://keyframe.example.com/api/fal/proxy. Check the address in Settings with whoever runs your team's proxy. " +
        'If it is right, the proxy may be down, or this build of Keyframe may not allow it: ask for a build made for that proxy.'
    )
    expect(message).not.toMatch(/npm start/)
  })
})
