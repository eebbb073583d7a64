// One attachment waiting in the composer: thumbnail, label, kind, size, remove; a video's frame
// count and strip; the reason when the file could not be read, in the language of the moment.
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { FRAME_COUNT_LIMITS } from '../../lib/frame-limits'
import { formatBytes } from '../../lib/format-bytes'
import { showText } from '../../lib/notice-text'
import type { PendingAttachment } from '../../store/types'
import { useActions, useAppStore } from '../../store/use-app-store'
import { FrameStrip } from './FrameStrip'

export function AttachmentChip(props: {
  item: PendingAttachment
  label: string | null
}): React.JSX.Element {
  const { t } = useTranslation()
  const { item, label } = props
  const { removePending, setFrames } = useActions()
  const language = useAppStore((s) => s.language)
  const info = item.info
  // What the user typed, kept as typed while it is out of range, so the message has its reason.
  const [typed, setTyped] = useState<string | null>(null)
  const outOfRange = typed !== null
  return (
    <li
      className={`chip chip-${item.status}`}
      aria-label={item.name}
      data-kind={info?.kind ?? 'unknown'}
    >
      <div className="chip-main">
        {info?.thumbnail ? (
          <img className="chip-thumb" src={info.thumbnail} alt="" />
        ) : (
          <div className="chip-thumb" />
        )}
        <div className="chip-text">
          <span className="chip-name">
            {label && <span className="label-badge">{label}</span>} {item.name}
          </span>
          {item.status === 'adding' && <span className="muted small">{t('composer.adding')}</span>}
          {info && (
            <span className="muted small">
              {info.kind === 'image'
                ? t('chat.image', { label: label ?? '' })
                : t('chat.video', { label: label ?? '' })}{' '}
              · {formatBytes(info.bytes)} · {info.width}×{info.height}
            </span>
          )}
          {item.error && (
            <span className="error small" role="alert">
              {showText(item.error, t, language)}
            </span>
          )}
        </div>
        <button
          type="button"
          className="icon"
          aria-label={t('composer.remove', { name: item.name })}
          onClick={() => removePending(item.key)}
        >
          ×
        </button>
      </div>
      {info?.kind === 'video' && (
        <div className="chip-video">
          <label>
            {t('composer.frames')}{' '}
            <input
              type="number"
              min={FRAME_COUNT_LIMITS.min}
              max={FRAME_COUNT_LIMITS.max}
              value={typed ?? item.frames}
              aria-label={`${t('composer.frames')}: ${item.name}`}
              aria-invalid={outOfRange}
              onChange={(event) => {
                const frames = Number(event.target.value)
                const valid =
                  Number.isInteger(frames) &&
                  frames >= FRAME_COUNT_LIMITS.min &&
                  frames <= FRAME_COUNT_LIMITS.max
                setTyped(valid ? null : event.target.value)
                if (valid) void setFrames(item.key, frames)
              }}
            />
          </label>
          {outOfRange && (
            <span className="error small" role="alert">
              {t('composer.framesRange', FRAME_COUNT_LIMITS)}
            </span>
          )}
          {item.strip && (
            <FrameStrip
              strip={item.strip}
              name={item.name}
              durationSec={info.video?.durationSec ?? 0}
            />
          )}
        </div>
      )}
    </li>
  )
}
