import { showUI } from '@create-figma-plugin/utilities'

export default function () {
  showUI({ width: 360, height: 640, title: 'Keyframe' })
}
