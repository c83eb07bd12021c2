/** A rectangle on the canvas or a page: its top-left corner and its size, in that surface's units. */
export interface Box {
  x: number
  y: number
  width: number
  height: number
}
