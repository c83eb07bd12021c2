// Getting selected storyboards out of Figma: a PDF (one page per section), the shot list copied as
// tab-separated text for a spreadsheet, or the same list as a CSV file. Exports only read the canvas.
import { Button } from '@create-figma-plugin/ui'
import { h } from 'preact'
import { useState } from 'preact/hooks'

import { errorMessage } from '../../error-message'
import type { ExportStoryboard, StoryboardSummary } from '../../messages'
import { mainCalls } from '../../rpc'
import type { MainCalls } from '../../rpc-client'
import { copyText, downloadFile } from '../export/save-file'
import { exportFileName, rowCount, shotListTable, toCsv, toTsv } from '../export/shot-list'
import { storyboardPdf } from '../export/storyboard-pdf'
import { styles } from './styles'

export interface ExportButtonsProps {
  storyboards: readonly StoryboardSummary[]
  /** The main thread's calls; tests pass their own. */
  main?: Pick<MainCalls, 'readStoryboards' | 'exportPanelImage'>
}

type Status = { text: string; error: boolean }

const rows = (n: number) => `${n} row${n === 1 ? '' : 's'}`

/** Said after any export of a storyboard whose job is still running. */
function runningNote(boards: readonly ExportStoryboard[]): string {
  const running = boards.filter((b) => b.running)
  if (running.length === 0) return ''
  return ` "${running[0]!.name}" is still generating: panels without their image are left empty.`
}

export function ExportButtons({ storyboards, main = mainCalls() }: ExportButtonsProps) {
  const [busy, setBusy] = useState<string | null>(null)
  const [status, setStatus] = useState<Status | null>(null)
  const sectionIds = storyboards.map((s) => s.id)

  async function run(action: string, work: () => Promise<string>): Promise<void> {
    setBusy(`${action}…`)
    setStatus(null)
    try {
      setStatus({ text: await work(), error: false })
    } catch (error) {
      setStatus({ text: `${action} failed: ${errorMessage(error)}`, error: true })
    } finally {
      setBusy(null)
    }
  }

  const copy = () =>
    run('Copy shot list', async () => {
      const boards = await main.readStoryboards({ sectionIds })
      const table = shotListTable(boards)
      await copyText(toTsv(table))
      return `Copied ${rows(rowCount(table))}: paste them into a spreadsheet.${runningNote(boards)}`
    })

  const csv = () =>
    run('Download CSV', async () => {
      const boards = await main.readStoryboards({ sectionIds })
      const table = shotListTable(boards)
      const name = exportFileName(boards, 'csv')
      // The byte-order mark tells spreadsheet apps the file is UTF-8, so accented names survive.
      downloadFile(`\ufeff${toCsv(table)}`, name, 'text/csv;charset=utf-8')
      return `Downloaded ${name} (${rows(rowCount(table))}).${runningNote(boards)}`
    })

  const pdf = () =>
    run('Export PDF', async () => {
      const boards = await main.readStoryboards({ sectionIds })
      const withImages = boards.flatMap((b) => b.panels.filter((p) => p.hasImage))
      const images = new Map<string, Uint8Array>()
      // One image per call, with progress: exporting is the slow part.
      for (const [i, panel] of withImages.entries()) {
        setBusy(`Exporting image ${i + 1} of ${withImages.length}…`)
        images.set(panel.id, (await main.exportPanelImage({ panelId: panel.id })).bytes)
      }
      setBusy('Writing the PDF…')
      const date = new Date().toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric' })
      const { bytes, replaced } = storyboardPdf({ storyboards: boards, images, date, createdAt: new Date() })
      const name = exportFileName(boards, 'pdf')
      downloadFile(bytes as BlobPart, name, 'application/pdf')
      const pages = `${boards.length} page${boards.length === 1 ? '' : 's'}`
      const shown = replaced === 0 ? '' : ` ${replaced} character${replaced === 1 ? '' : 's'} the PDF font cannot show ${replaced === 1 ? 'is' : 'are'} printed as "?".`
      return `Downloaded ${name} (${pages}).${runningNote(boards)}${shown}`
    })

  return (
    <section aria-label="Export" style={styles.field}>
      <div style={{ ...styles.row, flexWrap: 'wrap' }}>
        <Button secondary onClick={pdf} disabled={busy !== null}>
          Export PDF
        </Button>
        <Button secondary onClick={copy} disabled={busy !== null}>
          Copy shot list
        </Button>
        <Button secondary onClick={csv} disabled={busy !== null}>
          Download CSV
        </Button>
      </div>
      <p role={status?.error === true ? 'alert' : 'status'} style={status?.error === true ? styles.error : styles.hint}>
        {busy ?? status?.text ?? ''}
      </p>
    </section>
  )
}
