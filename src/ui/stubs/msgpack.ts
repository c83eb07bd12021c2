// Stands in for @msgpack/msgpack in the plugin UI bundle (see build-figma-plugin.ui.js). Only
// @fal-ai/client's realtime (WebSocket) client uses it, and Keyframe never opens one; dropping it keeps
// ~28 kB out of build/ui.js. Calling it means someone started using realtime: fail loudly, not oddly.
function unavailable(): never {
  throw new Error('fal realtime is not bundled in Keyframe: remove the msgpack stub in build-figma-plugin.ui.js to use it.')
}

export const encode = unavailable
export const decode = unavailable
