import { render } from '@create-figma-plugin/ui'
import { h } from 'preact'

export default render(() => h('div', null, 'Keyframe'))
