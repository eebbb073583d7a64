// Per-answer facts: time to the first token, decode tokens per second, how it was decoded (so
// answers kept by regenerate with other settings can be told apart), and the ingestion receipt
// (what the model actually received for each attachment: size, frames and image tokens).
import type { TFunction } from 'i18next'
import { useTranslation } from 'react-i18next'
import type {
  GenerationOptions,
  ReceivedMedia,
  TurnStats
} from '../../../../preload/contract/types'

/** How an answer was decoded, in words: greedy, beam search ×n, or the sampling settings. */
export function decodingOf(options: GenerationOptions, t: TFunction): string {
  const mode = options.doSample
    ? t('chat.sampled', {
        temperature: options.temperature,
        topK: options.topK,
        topP: options.topP,
        seed: options.seed
      })
    : options.numBeams > 1
      ? t('chat.beams', { count: options.numBeams })
      : t('chat.greedy')
  return options.repetitionPenalty === 1
    ? mode
    : `${mode}, ${t('chat.penalty', { value: options.repetitionPenalty })}`
}

/** Time to the first token, decode speed and tokens written, in words. */
export function speedOf(stats: TurnStats, t: TFunction): string {
  return [
    t('chat.firstToken', { ms: Math.round(stats.msToFirstToken) }),
    t('chat.speed', { rate: stats.decodeTokensPerSec.toFixed(1) }),
    t('chat.tokens', { count: stats.generatedTokens })
  ].join(' · ')
}

function ReceiptItem(props: { item: ReceivedMedia }): React.JSX.Element {
  const { t } = useTranslation()
  const { item } = props
  return item.kind === 'video' ? (
    <li>
      {t('chat.receivedVideo', {
        label: item.label,
        frames: item.images,
        tokens: item.imageTokens
      })}
    </li>
  ) : (
    <li>
      {t('chat.receivedImage', {
        label: item.label,
        width: item.width,
        height: item.height,
        tokens: item.imageTokens
      })}
    </li>
  )
}

export function TurnStatsLine(props: { stats: TurnStats }): React.JSX.Element {
  const { t } = useTranslation()
  const { stats } = props
  return (
    <>
      <p className="turn-stats muted small" aria-label="stats">
        {speedOf(stats, t)}
        {stats.options && ` · ${decodingOf(stats.options, t)}`}
      </p>
      {stats.received.length > 0 && (
        <ul className="turn-receipt muted small" aria-label={t('chat.received')}>
          {stats.received.map((item) => (
            <ReceiptItem key={item.attachmentId} item={item} />
          ))}
        </ul>
      )}
    </>
  )
}
