// Per-answer speed: time to the first token and decode tokens per second.
import { useTranslation } from 'react-i18next'
import type { TurnStats } from '../../../../preload/contract/types'

export function TurnStatsLine(props: { stats: TurnStats }): React.JSX.Element {
  const { t } = useTranslation()
  const { stats } = props
  return (
    <p className="turn-stats muted small" aria-label="stats">
      <span>{t('chat.firstToken', { ms: Math.round(stats.msToFirstToken) })}</span>
      {' · '}
      <span>{t('chat.speed', { rate: stats.decodeTokensPerSec.toFixed(1) })}</span>
      {' · '}
      <span>{t('chat.tokens', { count: stats.generatedTokens })}</span>
    </p>
  )
}
