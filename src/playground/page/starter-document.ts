// The document the playground opens on: everything a mission needs, laid out the way a designer would.
// A character frame (an element by its `@` name), a location frame, four beats of a scene in a row
// (reading order left to right) and a Style line under them. Beside them, a 2:3 poster layout: its Title and
// Credits laid out before the art exists (Keyframe letters the title and composes the image behind them). A
// second page, "Cast", keeps a Cast section with @Ines, her frontal picture and two angles (child frames outside
// her frame, which clips them out of the frontal), and @Theo, whose face and two angles are his frame's three
// image fills (the bottom one is the face): a beat that mentions either uses them without selecting them
// (the plugin finds them through its index).
import type { DocumentJson, FrameJson, TextJson } from '../../host/figma'
import { paintHarbour, paintInes, paintPortrait, paintTheo } from './starter-images'

export const BEATS = [
  '@Mara steps off the night ferry onto the wet stone quay, coat collar up against the wind.',
  'She scans the crowd under the harbour lamps; an old fisherman nods towards the lighthouse.',
  'Close on @Mara as the lighthouse beam sweeps across her face, eyes narrowing.',
  'Wide shot: @Mara walks the long pier alone towards the lighthouse as the last light fades.'
]
export const STYLE = 'Cinematic storyboard frame, muted teal and amber palette, soft film grain, 35 mm lens.'

const INK = '#1e1e1e'

function text(id: string, name: string, characters: string, x: number, y: number, width: number, fontSize: number): TextJson {
  return { type: 'TEXT', id, name, characters, x, y, width, fontSize, fills: [{ type: 'SOLID', color: INK }] }
}

export const POSTER_TITLE = 'NIGHT FERRY'

/** A 2:3 poster layout: a bold condensed Title at the top, small Credits at the bottom, no art yet. */
function posterLayout(x: number, y: number): FrameJson {
  const light = [{ type: 'SOLID' as const, color: '#f4efe6' }]
  return {
    type: 'FRAME',
    id: '1:8',
    name: 'Poster layout',
    x,
    y,
    width: 400,
    height: 600,
    fills: [{ type: 'SOLID', color: '#2b2f36' }],
    // 48 px, not larger: the browser has no Roboto Condensed and draws the title in a wider fallback sans,
    // which at 56 px ran past the frame's right edge (in Figma the condensed face fits either way).
    children: [
      { type: 'TEXT', id: '1:9', name: 'Title', characters: POSTER_TITLE, x: 20, y: 36, width: 360, fontSize: 48, fontName: { family: 'Roboto Condensed', style: 'Bold' }, fills: light },
      { type: 'TEXT', id: '1:10', name: 'Credits', characters: 'A KEYFRAME PICTURE · WRITTEN AND DIRECTED BY A. N. OTHER', x: 20, y: 566, width: 360, fontSize: 9, fills: light }
    ]
  }
}

export async function starterDocument(): Promise<DocumentJson> {
  const [portrait, harbour, inesFront, inesLeft, inesRight, theoFront, theoLeft, theoRight] = await Promise.all([
    paintPortrait(),
    paintHarbour(),
    paintInes('front'),
    paintInes('left'),
    paintInes('right'),
    paintTheo('front'),
    paintTheo('left'),
    paintTheo('right')
  ])
  const beatWidth = 250
  const gap = 30
  return {
    name: 'Harbour scene',
    pages: [
      {
        name: 'Storyboard',
        children: [
          { type: 'FRAME', id: '1:1', name: '@Mara', x: 0, y: 0, width: 400, height: 500, fills: [{ type: 'IMAGE', image: portrait }] },
          { type: 'FRAME', id: '1:2', name: 'Harbour at dusk', x: 440, y: 0, width: 640, height: 400, fills: [{ type: 'IMAGE', image: harbour }] },
          ...BEATS.map((beat, i) => text(`1:${3 + i}`, `Beat ${i + 1}`, beat, i * (beatWidth + gap), 560, beatWidth, 16)),
          text('1:7', 'Style', STYLE, 0, 700, 4 * beatWidth + 3 * gap, 14),
          posterLayout(1160, 0)
        ]
      },
      {
        id: '2:0',
        name: 'Cast',
        children: [
          {
            type: 'SECTION',
            id: '2:1',
            name: 'Cast',
            x: 0,
            y: 0,
            width: 1060,
            height: 960,
            fills: [{ type: 'SOLID', color: '#f2eef5' }],
            children: [
              {
                type: 'FRAME',
                id: '2:2',
                name: '@Ines',
                x: 50,
                y: 50,
                width: 300,
                height: 375,
                clipsContent: true,
                fills: [{ type: 'IMAGE', image: inesFront }],
                children: [
                  { type: 'FRAME', id: '2:3', name: 'angle 1', x: 320, y: 0, width: 300, height: 375, fills: [{ type: 'IMAGE', image: inesLeft }] },
                  { type: 'FRAME', id: '2:4', name: 'angle 2', x: 640, y: 0, width: 300, height: 375, fills: [{ type: 'IMAGE', image: inesRight }] }
                ]
              },
              {
                type: 'FRAME',
                id: '2:6',
                name: '@Theo',
                x: 50,
                y: 470,
                width: 300,
                height: 375,
                // Figma draws the last fill on top: the frame shows his right profile, his face is the first fill.
                fills: [theoFront, theoLeft, theoRight].map((image) => ({ type: 'IMAGE' as const, image }))
              },
              text('2:5', 'Cast note', 'Cast: name a frame @Name; its child frames "angle 1…3", or its image fills after the first, are extra angles.', 50, 895, 900, 11)
            ]
          }
        ]
      }
    ]
  }
}
