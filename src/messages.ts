// The one contract between the Figma main thread and the plugin UI.
//
// Two kinds of traffic, both over Create Figma Plugin's emit/on:
// - events the main thread pushes (the selection changed);
// - calls the UI makes into the main thread (`MainApi`), answered with a result or an error that
//   travels back to the caller. Bytes travel as Uint8Array (structured clone), one image per message.
import type { EventHandler } from '@create-figma-plugin/utilities'

import type { ReusedReference } from './kling/storyboard-basis'
import type {
  KlingRequest,
  Panel,
  PixelSize,
  ReferenceProblem,
  ReferenceRole,
  Resolution,
  TextLayer
} from './kling'
import type { ChosenSettings, Preset } from './kling/presets'
import type { Treatment } from './kling/treatments'
import type { RenderedText } from './kling/rendered-text'
import type { Shot } from './kling/shots'

/**
 * How long the proxy remembers a job: its submit by job id (a resend is answered from memory, not paid
 * again) and which token sent each request id (later, following it gets `404 unknown_request`). A plugin
 * may come back to a job for a week (a closed file reopened); one day more for time zones. The proxy's
 * submit memory and request owners take their retention from here, and the plugin judges a job's age by it.
 */
export const PROXY_MEMORY_DAYS = 8
export const PROXY_MEMORY_MS = PROXY_MEMORY_DAYS * 24 * 60 * 60 * 1000

/** fal's answers to a cancel (fal.ai/docs/inference-api/queue/cancel). */
export const CANCEL_ANSWERS = ['OK', 'CANCELLATION_REQUESTED', 'ALREADY_COMPLETED', 'NOT_FOUND'] as const
export type CancelAnswer = (typeof CANCEL_ANSWERS)[number]

export interface ReferenceSummary {
  id: string
  name: string
  /** Figma node type, for the panel's label. */
  type: string
  width: number
  height: number
  /** The role the panel starts with: frames named `@…` are elements. */
  defaultRole: ReferenceRole
  /** Why Kling would refuse it as it is (too small, too extreme an aspect ratio), or why it would export wrong (hidden). */
  problems: { reason: ReferenceProblem['reason'] | 'hidden'; message: string; fix: string }[]
  /** What Kling accepts but may do badly with (upscaled beyond its own pixels). */
  warnings?: { message: string; fix: string }[]
  /** An `@` frame's angles ("angle 1…" child frames, then image fills after the first), sent with it as an element's extra images. */
  angles?: { id: string; name: string }[]
}

/** A cast member (a frame named `@Name` anywhere in the file) the prompt mentions, though not selected. */
export interface CastReference extends ReferenceSummary {
  fromCast: true
  /** Its angles ("angle 1…" child frames, then image fills after the first), sent as the element's extra images. */
  angles: { id: string; name: string }[]
}

export interface IgnoredNode {
  name: string
  reason: string
}

/** A panel Keyframe placed (a frame carrying its plugin data), as the selection shows it. */
export interface PanelSummary {
  id: string
  /** Its layer name ("Panel 3", "Variation 2", "Image"): what the designer sees in the layers panel. */
  name: string
  /** The storyboard section it sits in; absent when the designer moved it out of one. */
  sectionId?: string
  number: number
  caption?: string
  /**
   * What made the image it shows; absent while no image has arrived. Its endpoint and full input (reference
   * URLs already uploaded) are for Regenerate and Edit prompt.
   */
  shown?: KlingRequest & {
    requestId: string
    prompt: string
    costUsd: number
    /** 1-based position of this image in fal's answer (a series panel's beat number). */
    index: number
    /** The shot its provenance records; absent for records from before shots were kept. */
    shot?: Shot
  }
  /** Everything paid for this panel's images so far (all its versions). */
  costUsd: number
  /**
   * The names of the references its storyboard's request bound, in binding order (images, then elements,
   * as `@Image1…`, `@Element1…`), so its prompt can say `@Mara` again. Absent for records from before
   * Keyframe kept them.
   */
  referenceNames?: PlanReference[]
  /** How many images the panel holds, and which of them (1-based) it shows; 0 of 0 before any arrived. */
  versions: { count: number; current: number }
  /** A Regenerate or Variations of this panel is still running (a second one is refused). */
  running?: boolean
  /** The shown version is Finalize's: its resolution, fal's URL of the file, and its size when Figma shows it smaller. */
  final?: { resolution: Resolution; imageUrl: string; fullSize?: PixelSize }
  /** A look's panel (Looks' contact sheet): the panel it was made from, its layer name then, and the look's name. */
  lookOf?: { panelId: string; panelName: string; look: string }
}

/** A section a generation made, as the selection shows it. */
export interface StoryboardSummary {
  id: string
  name: string
  panelCount: number
  /** Its job is still submitting or running, so its panels are not to be rearranged yet. */
  running: boolean
  /** The highest panel number in it: beats added to it are numbered on from here. */
  lastNumber: number
  /** What new beats added to it reuse; absent when it is not a series (an image or variations). */
  basis?: StoryboardBasis
}

/**
 * The section's first generation, as adding beats reuses it: its endpoint and input (settings), its
 * references with the URLs fal already has (in the order their tokens were bound), and its Style line.
 */
export type StoryboardBasis = KlingRequest & {
  references: ReusedReference[]
  /** The preamble before "Panel 1:" in its prompt; empty when it had none. */
  style: string
}

/** A reference as a job used it: the frame's name and its role. */
export interface PlanReference {
  name: string
  role: ReferenceRole
}

/**
 * A poster layout: a selected frame holding text layers named Title, Headline, Tagline or Credits. Its text
 * is lettered by Kling (credits stay as Figma text) and the result is composed behind it in a copy.
 */
export interface LayoutSummary {
  id: string
  name: string
  width: number
  height: number
  /** Its role-named, visible text layers, each placed within the frame. */
  texts: RenderedText[]
  /** The frame read as a reference image, for "Use as a reference instead"; absent from older senders. */
  asReference?: ReferenceSummary
}

export interface SelectionSnapshot {
  /** Increases with every change, so late thumbnails for an old selection are dropped. */
  version: number
  references: ReferenceSummary[]
  textLayers: TextLayer[]
  /** Keyframe's own panels and storyboards are not references: they are shown as what they are. */
  panels: PanelSummary[]
  storyboards: StoryboardSummary[]
  /** Poster layouts selected; absent (none) from senders that predate them. */
  layouts?: LayoutSummary[]
  ignored: IgnoredNode[]
}

export interface Thumbnail {
  version: number
  nodeId: string
  bytes: Uint8Array
}

export interface ExportedReference {
  nodeId: string
  name: string
  bytes: Uint8Array
  /** GIF only for an image fill's own bytes (the UI re-encodes it before upload). */
  mimeType: 'image/png' | 'image/jpeg' | 'image/gif'
  width: number
  height: number
  /** An image fill's own bytes, not an export: the UI checks and normalises them to the size asked for. */
  fromImageFill?: true
  /** Names this one export (these bytes) for as long as the main thread keeps it; a new export gets a new id. */
  exportId: string
}

/** A kept export whose id the UI said it holds an upload for: described, its bytes not sent again. */
export type HeldReference = Omit<ExportedReference, 'bytes'> & { held: true; byteLength: number }

export interface ProxySettings {
  proxyUrl: string
  token: string
  /** True when nothing was saved yet and the defaults are in use. */
  isDefault: boolean
  /** Why this build of the plugin cannot reach the saved proxy (its manifest does not allow it). */
  problem?: string
}

/**
 * Where a generation's images go, when not into a new section of its own (the first generation from a
 * selection has no target):
 * - `versions`: every image becomes a new version of one panel (Regenerate, Variations, an edited prompt);
 *   the job's record is kept on that panel, and the other panels are untouched. `final`: Finalize's job, whose
 *   version is marked final in its provenance.
 * - `append`: new panels at the end of an existing storyboard, numbered on from its last; the job's record is
 *   kept on that section.
 */
export type JobTarget = { kind: 'versions'; panelId: string; final?: boolean } | { kind: 'append'; sectionId: string }

/** A generation as the main thread records it, before it is submitted: its request and the rest. */
export type JobPlan = KlingRequest & PlanDetails

export interface PlanDetails {
  jobId: string
  panels: Panel[]
  nominalSize: PixelSize
  costUsd: number
  /** Section name, from the prompt. */
  title: string
  createdAt: string
  target?: JobTarget
  /** The references' names and roles, in the order the request bound them (so `@Mara` can be reused). */
  references?: PlanReference[]
  /** The poster layout the job was made with: each image is also composed behind its text, in a copy. */
  layout?: JobLayout
}

/** A layout as a job's record names it: its node id, and its name for messages when it is gone. */
export interface JobLayout {
  id: string
  name: string
}

/** What placing one image adds to the job's card: why it could not also be composed into the layout. */
export interface FillAnswer {
  note?: string
}

/** `expired`: fal no longer had the result when the plugin came for it; its panels say so. */
export type JobState = 'submitting' | 'submitted' | 'done' | 'cancelled' | 'failed' | 'expired'

/** Who started a job: their Figma user id (or, when Figma gives none, an id kept on their machine) and name. */
export interface JobOwner {
  id: string
  name: string
}

/** A job and the node that holds its record: the main thread checks the one against the other. */
export interface JobRef {
  jobId: string
  /**
   * The section the job made, which holds its record; for a `versions` target (Regenerate, Variations,
   * an edited prompt) the panel itself, which holds the record and receives the images as versions.
   */
  sectionId: string
}

export type JobRecord = JobPlan & JobRef & JobRunState

/** What a job's record adds to its plan as it runs. */
export interface JobRunState {
  state: JobState
  requestId?: string
  /** The cancel URL fal's submit answer named (records from before it was kept have none). */
  cancelUrl?: string
  /** fal's answer to a cancel, kept so a reopened plugin knows it (`OK`: removed from the queue, not billed). */
  cancelAnswer?: CancelAnswer
  /** Panel numbers already holding their image. */
  filled: number[]
  /** Only their plugin resumes, submits, cancels or finishes it. */
  startedBy: JobOwner
}

/** A finished job as a reopened plugin lists it, read from the record on what it made. */
export interface PastJob extends JobRef {
  title: string
  state: Exclude<JobState, 'submitting' | 'submitted'>
  costUsd: number
  createdAt: string
  /** Panels that received their image. */
  placed: number
}

/** The unfinished jobs in the file, as a plugin that opens sees them. */
export interface UnfinishedJobs {
  /** Started by this user: the UI picks them up. */
  mine: JobRecord[]
  /** Started by someone else: shown as running, never followed, cancelled or sent again from here. */
  others: JobRecord[]
}

export interface PanelImage extends JobRef {
  /** 1-based panel number. */
  number: number
  bytes: Uint8Array
  width: number
  height: number
  sourceUrl: string
  /** The file's own size when it was scaled down to fit Figma (over 4096 px a side); absent when placed as it came. */
  fullSize?: PixelSize
}

export interface JobOutcome extends JobRef {
  state: Exclude<JobState, 'submitting' | 'submitted'>
  message: string
  /** The notification: at most 100 characters (figma.notify's limit), written short rather than cut. */
  toast: string
  /**
   * Keep the job's section even if nothing was placed in it: an earlier send of the job may have been
   * charged, and the section's record (job id, time, settings) is what an admin traces it by.
   */
  keepSection?: boolean
}

/**
 * One row of a storyboard's shot list, read from a panel and the provenance of the image it shows. A panel
 * with no image yet (or whose provenance cannot be read) still has its row: its number and caption, blanks
 * for the rest.
 */
export interface ShotListRow {
  number: number
  caption: string
  /** The panel's shot line ("Wide · 24 mm"); '' when it has none. */
  shot: string
  prompt: string
  /** e.g. "Kling Image O3 text-to-image". */
  model: string
  resolution: string
  aspectRatio: string
  /** What this panel's image cost; null when nothing is known. */
  costUsd: number | null
  requestId: string
}

/** A panel as the exports (PDF, shot list) see it. */
export interface ExportPanel extends ShotListRow {
  id: string
  /** The panel frame's place in its section, so the PDF keeps the rows the designer sees. */
  x: number
  y: number
  /** The image layer's size on the canvas: the image's aspect, or the placeholder's. */
  imageWidth: number
  imageHeight: number
  hasImage: boolean
  /** Why there is no image yet (waiting, or what failed); absent when it shows one. */
  status?: string
}

/** A storyboard section to export, its panels in number order. */
export interface ExportStoryboard {
  id: string
  name: string
  /** Its job is still running: panels without their image are exported empty. */
  running: boolean
  panels: ExportPanel[]
}

/** One panel's image, exported as JPEG for the PDF. */
export interface ExportedPanelImage {
  panelId: string
  bytes: Uint8Array
  width: number
  height: number
}

/** What the UI can ask of the main thread. Every call resolves with the value or rejects with the error. */
export interface MainApi {
  loadSettings(): ProxySettings
  saveSettings(settings: { proxyUrl: string; token: string }): ProxySettings
  exportReference(args: { nodeId: string; maxSide: number }): ExportedReference
  /**
   * exportReference for an upload: when the frame's kept export is still valid and its id is in `held` (the
   * UI has that export's upload), the answer leaves out the bytes; anything else is exported (or kept) bytes.
   */
  referenceForUpload(args: { nodeId: string; maxSide: number; held: string[] }): ExportedReference | HeldReference
  /**
   * "Use as reference": the selected panel's image layer as a reference (its id is what exportReference
   * then exports, at the image's own resolution). Refused while the panel has no image.
   */
  panelReference(args: { panelId: string }): ReferenceSummary
  /** The cast members these names (`@Ines`, read from the cast index) stand for; names not in the cast are left out. */
  castReferences(args: { names: string[] }): CastReference[]
  /** The settings this file remembers (document plugin data): only the fields still valid, {} when none. */
  loadFileSettings(): Partial<ChosenSettings>
  saveFileSettings(settings: ChosenSettings): void
  /** This designer's own presets (clientStorage), those that can be read. */
  loadPresets(): Preset[]
  /** Adds one under a new name and returns the list; refused (with the reason) for a taken or empty name. */
  savePreset(args: { name: string; settings: ChosenSettings }): Preset[]
  deletePreset(args: { name: string }): Preset[]
  /** Cached fal URLs of reference images already uploaded, by content hash. */
  lookupUploads(hashes: string[]): Record<string, string>
  rememberUpload(args: { hash: string; url: string }): void
  /** `sectionId` names what holds the job's record: its new section, or for a `versions` target the panel. */
  startJob(plan: JobPlan): { sectionId: string }
  recordSubmitted(args: JobRef & { requestId: string; cancelUrl?: string }): void
  /** Keeps fal's answer to a cancel in the job's record, unless one is recorded already (the first counts). */
  recordCancel(args: JobRef & { answer: CancelAnswer }): void
  /**
   * The section that holds this submitted job. If the designer deleted it, a new one is made from the plan
   * (with a note saying why) and the job recorded there, so its paid images still land.
   */
  ensureJobSection(job: JobPlan & JobRef & { requestId: string; cancelUrl?: string }): { sectionId: string; remade: boolean }
  /** Places the image; for a layout job also composes it into a copy of the layout (a note when it could not). */
  fillPanel(image: PanelImage): FillAnswer | void
  failPanel(args: JobRef & { number: number; message: string }): void
  finishJob(outcome: JobOutcome): void
  pendingJobs(): UnfinishedJobs
  /** The current page's finished jobs, newest first, at most `limit` (10 by default). Changes nothing. */
  pastJobs(args: { limit?: number }): PastJob[]
  /** Selects the section (or panel) holding a job's record and scrolls to it; refused when it is gone or on another page. */
  showJob(args: JobRef): void
  /** Shows the version before (-1) or after (1) the one a panel shows. */
  stepVersion(args: { panelId: string; step: -1 | 1 }): void
  /** Removes the version a panel shows (its image leaves the panel); refused for the panel's only image. */
  removeVersion(args: { panelId: string }): void
  notify(args: { message: string; error?: boolean }): void
  /**
   * Looks' contact sheet ("Looks · <panel>") beside the panel's section: one waiting, unnumbered panel per look,
   * captioned with its name, shaped as `input` and `nominalSize` say; its panels' ids in the looks' order.
   */
  makeLooksSheet(args: { panelId: string; looks: string[]; input: JobPlan['input']; nominalSize: PixelSize }): { sectionId: string; panelIds: string[] }
  /** Adds a look's shown image to the panel it was made from, as that panel's newest version, shown. */
  useLook(args: { panelId: string }): { panelId: string }
  /** This designer's list of looks (clientStorage): the built-in six when none was saved, with a note when it could not be read. */
  loadTreatments(): { treatments: Treatment[]; note?: string }
  /** Saves the list (refused, with the fix, when it breaks a rule) and returns it as read back. */
  saveTreatments(args: { treatments: Treatment[] }): { treatments: Treatment[]; note?: string }
  /** The selected storyboards' panels, sections in the order given, for the PDF and the shot list. Changes nothing. */
  readStoryboards(args: { sectionIds: string[] }): ExportStoryboard[]
  /** A panel's image as JPEG at print size (2x, at most 2048 px a side), one per call. Changes nothing. */
  exportPanelImage(args: { panelId: string }): ExportedPanelImage
  /**
   * Numbers a storyboard's panels in reading order (after the designer moved, deleted or duplicated some):
   * plugin data, layer name and number badge. Refused while the section's job runs.
   */
  renumberPanels(args: { sectionId: string }): { count: number; changed: number }
  /**
   * Formats: a section of empty panels, one per format, captioned with its label, in one row; beside the
   * section of `besideId` (the source panel), else in the flow. Each panel's job then targets it as versions.
   */
  createFormatsSection(args: { title: string; formats: FormatSlot[]; costUsd: number; besideId?: string }): { sectionId: string; panelIds: string[] }
  /**
   * Removes a format's or look's waiting panel whose job ended before it was recorded (so never sent); true
   * when removed. Refused silently (false) for a panel holding a job record or an image.
   */
  withdrawUnsent(args: { panelId: string }): boolean
}

/** One deliverable of a Formats click: its label (the panel's caption) and its nominal output size. */
export interface FormatSlot {
  label: string
  size: PixelSize
}

export type MainMethod = keyof MainApi

export interface RpcRequestHandler extends EventHandler {
  name: 'RPC_REQUEST'
  handler: (id: number, method: MainMethod, args: unknown) => void
}

export interface RpcResponseHandler extends EventHandler {
  name: 'RPC_RESPONSE'
  handler: (id: number, ok: boolean, value: unknown) => void
}

export interface SelectionChangedHandler extends EventHandler {
  name: 'SELECTION_CHANGED'
  handler: (snapshot: SelectionSnapshot) => void
}

export interface ThumbnailHandler extends EventHandler {
  name: 'THUMBNAIL'
  handler: (thumbnail: Thumbnail) => void
}

/** The UI is mounted and listening; the main thread sends the first selection then. */
export interface UiReadyHandler extends EventHandler {
  name: 'UI_READY'
  handler: () => void
}

/** Settings for the reference export: sides above this are never needed by Kling at this resolution. */
export const REFERENCE_MAX_SIDE: Record<Resolution, number> = { '1K': 1024, '2K': 2048, '4K': 2048 }

/** The cast's names (`@Ines`), sent when the plugin opens and whenever the cast index changes. */
export interface CastChangedHandler extends EventHandler {
  name: 'CAST_CHANGED'
  handler: (cast: { names: string[] }) => void
}
