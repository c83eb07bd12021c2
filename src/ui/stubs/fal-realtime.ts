// Stands in for @fal-ai/client's realtime (WebSocket) client in the plugin UI bundle (see
// build-figma-plugin.ui.js). Keyframe never opens a realtime connection; the real module and what only it
// uses (@msgpack/msgpack, 28 kB, and the robot3 state machine) would add ~38 kB to build/ui.js. The client
// builds its realtime member when it is created, so this gives one whose every call says what happened.
function unavailable(): never {
  throw new Error('fal realtime is not bundled in Keyframe: remove the realtime stub in build-figma-plugin.ui.js to use it.')
}

export function createRealtimeClient(): { connect: () => never } {
  return { connect: unavailable }
}
