// Drives a real terminal for CLI tests: a private tmux server (own socket, so parallel tests
// and a user's tmux never meet), keys in with send-keys, the screen out with capture-pane.
import { execFileSync } from 'node:child_process'

export class TmuxTerminal {
  private readonly socket = `mpp-test-${process.pid}-${Math.random().toString(36).slice(2, 8)}`
  private readonly session = 'main'

  constructor(
    command: string,
    env: Readonly<Record<string, string>> = {},
    width = 160,
    height = 60
  ) {
    const exports = Object.entries(env)
      .map(([key, value]) => `export ${key}=${shellQuote(value)};`)
      .join(' ')
    this.tmux(
      'new-session',
      '-d',
      '-s',
      this.session,
      '-x',
      String(width),
      '-y',
      String(height),
      `${exports} ${command}; echo "[exit $?]"; sleep 600`
    )
    this.tmux('set-option', '-t', this.session, 'history-limit', '5000')
  }

  /** Types text (literally) and then presses Enter. */
  line(text: string): void {
    this.tmux('send-keys', '-t', this.session, '-l', text)
    this.tmux('send-keys', '-t', this.session, 'Enter')
  }

  /** Presses keys by tmux name, e.g. 'C-c'. */
  keys(...names: string[]): void {
    this.tmux('send-keys', '-t', this.session, ...names)
  }

  /** The whole scrollback plus screen, wrapped lines joined. */
  screen(): string {
    return this.tmux('capture-pane', '-p', '-J', '-S', '-', '-t', this.session)
  }

  /** Only what is on the screen now (no scrollback). */
  visible(): string {
    return this.tmux('capture-pane', '-p', '-J', '-t', this.session)
  }

  /** Waits until `test(screen)` holds; throws with the screen when it does not in time. */
  async waitFor(test: (screen: string) => boolean, timeoutMs = 20_000): Promise<string> {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      const screen = this.screen()
      if (test(screen)) return screen
      if (Date.now() > deadline) {
        throw new Error(`Timed out waiting for the terminal; screen:\n${screen}`)
      }
      await new Promise((done) => setTimeout(done, 50))
    }
  }

  /** Waits until `pattern` occurs at least `count` times. */
  waitForCount(pattern: string, count: number, timeoutMs?: number): Promise<string> {
    return this.waitFor((screen) => screen.split(pattern).length - 1 >= count, timeoutMs)
  }

  /** The process id of the shell running in the pane. */
  panePid(): number {
    return Number(this.tmux('display-message', '-p', '-t', this.session, '#{pane_pid}').trim())
  }

  close(): void {
    try {
      this.tmux('kill-server')
    } catch {
      // Already gone.
    }
  }

  private tmux(...args: string[]): string {
    return execFileSync('tmux', ['-L', this.socket, '-f', '/dev/null', ...args], {
      encoding: 'utf8'
    })
  }
}

function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`
}
