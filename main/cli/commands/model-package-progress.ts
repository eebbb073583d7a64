// Conversion progress on stderr: a redrawn bar on a TTY, plain percentage lines otherwise
// (logs and CI), at most one line per 5 %.
export class ProgressBar {
  private lastPercent = -1
  private lastDraw = 0

  constructor(private readonly stream: NodeJS.WriteStream) {}

  update(done: number, total: number, label: string): void {
    const fraction = total > 0 ? done / total : 1
    const percent = Math.floor(fraction * 100)
    if (this.stream.isTTY) {
      const now = Date.now()
      if (now - this.lastDraw < 100 && percent === this.lastPercent) return
      this.lastDraw = now
      this.lastPercent = percent
      const width = 30
      const filled = Math.round(fraction * width)
      const text = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(percent).padStart(3)}% ${label}`
      this.stream.write(
        `\r${text.slice(0, (this.stream.columns || 100) - 1).padEnd(Math.min(this.stream.columns || 100, 100) - 1)}`
      )
      return
    }
    const step = Math.floor(percent / 5) * 5
    if (step <= this.lastPercent) return
    this.lastPercent = step
    this.stream.write(`converting: ${step}% (${label})\n`)
  }

  finish(): void {
    if (this.stream.isTTY) this.stream.write('\n')
    else if (this.lastPercent < 100) this.stream.write('converting: 100%\n')
  }
}
