// Per-answer facts: time to the first token, decode tokens per second, and the ingestion receipt
// (what the model actually received for each attachment: size, frames and image tokens).
import { useTranslation } from 'react-i18next'
import type { ReceivedMedia, TurnStats } from '../../../../preload/contract/types'

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
        <span>{t('chat.firstToken', { ms: Math.round(stats.msToFirstToken) })}</span>
        {' · '}
        <span>{t('chat.speed', { rate: stats.decodeTokensPerSec.toFixed(1) })}</span>
        {' · '}
        <span>{t('chat.tokens', { count: stats.generatedTokens })}</span>
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
