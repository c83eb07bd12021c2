// The plugin's code runs in a realm of its own (node:vm, or an iframe in the playground), so values it
// creates are not `instanceof` the host's classes. Figma accepts its sandbox's own Uint8Array; so must we.

export function isUint8Array(value: unknown): value is Uint8Array {
  return ArrayBuffer.isView(value) && Object.prototype.toString.call(value) === '[object Uint8Array]'
}
