// The "Local API server" part of settings: switch the OpenAI-compatible API on or off, see where
// it listens, show, renew or revoke its key, allow this computer without a key, and the log of
// recent requests (time, client, tokens, speed).
import { useEffect } from 'react'
import { useTranslation } from 'react-i18next'
import { useActions, useAppStore } from '../../store/use-app-store'

export function ApiServerSection(): React.JSX.Element {
  const { t } = useTranslation()
  const status = useAppStore((s) => s.apiServer)
  const { refreshApiServer, configureApiServer, newApiKey, revokeApiKey } = useActions()
  useEffect(() => {
    void refreshApiServer()
  }, [refreshApiServer])
  if (!status) return <p className="muted">{t('apiServer.loading')}</p>
  const log = [...status.log].reverse()
  return (
    <section className="settings api-server" aria-label={t('apiServer.title')}>
      <h2>{t('apiServer.title')}</h2>
      <label className="row">
        <input
          type="checkbox"
          checked={status.enabled}
          onChange={(event) => void configureApiServer({ enabled: event.target.checked })}
        />
        {t('apiServer.enabled')}
      </label>
      <label className="field">
        <span>{t('apiServer.port')}</span>
        <input
          type="number"
          min={1}
          max={65535}
          defaultValue={status.port}
          key={status.port}
          onBlur={(event) => {
            const port = Number(event.target.value)
            if (Number.isInteger(port) && port !== status.port) void configureApiServer({ port })
          }}
        />
      </label>
      {status.url && (
        <p>
          {t('apiServer.listening')} <code aria-label={t('apiServer.url')}>{status.url}</code>
        </p>
      )}
      {status.error && (
        <p className="error" role="alert">
          {status.error}
        </p>
      )}
      <p>
        {t('apiServer.key')}{' '}
        {status.key ? (
          <code aria-label={t('apiServer.key')}>{status.key}</code>
        ) : (
          <span className="muted">{t('apiServer.noKey')}</span>
        )}
      </p>
      <div className="row">
        <button type="button" onClick={() => void newApiKey()}>
          {t('apiServer.newKey')}
        </button>
        <button type="button" disabled={!status.key} onClick={() => void revokeApiKey()}>
          {t('apiServer.revokeKey')}
        </button>
      </div>
      <label className="row">
        <input
          type="checkbox"
          checked={status.allowLoopbackWithoutKey}
          onChange={(event) =>
            void configureApiServer({ allowLoopbackWithoutKey: event.target.checked })
          }
        />
        {t('apiServer.loopback')}
      </label>
      <h3>{t('apiServer.log')}</h3>
      {log.length === 0 ? (
        <p className="muted">{t('apiServer.noRequests')}</p>
      ) : (
        <table className="api-log" aria-label={t('apiServer.log')}>
          <thead>
            <tr>
              <th>{t('apiServer.time')}</th>
              <th>{t('apiServer.client')}</th>
              <th>{t('apiServer.status')}</th>
              <th>{t('apiServer.tokens')}</th>
              <th>{t('apiServer.speed')}</th>
            </tr>
          </thead>
          <tbody>
            {log.map((entry) => (
              <tr key={`${entry.at}-${entry.client}-${entry.ms}`} title={entry.error ?? undefined}>
                <td>{new Date(entry.at).toLocaleTimeString()}</td>
                <td>{entry.client}</td>
                <td>{entry.status}</td>
                <td>
                  {t('apiServer.tokenCounts', {
                    prompt: entry.promptTokens,
                    completion: entry.completionTokens
                  })}
                </td>
                <td>
                  {entry.tokensPerSec === null
                    ? '–'
                    : t('apiServer.tokensPerSec', { speed: entry.tokensPerSec.toFixed(1) })}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  )
}
