/** One progress line that rewrites itself on a terminal and prints every few seconds otherwise. */
export class ProgressLine {
  private lastPrint = 0;
  private readonly started = Date.now();
  private readonly tty = Boolean(process.stdout.isTTY);

  constructor(private readonly label: string, private readonly quiet = false) {}

  update(done: number, total: number, detail = ""): void {
    if (this.quiet) return;
    const now = Date.now();
    if (!this.tty && now - this.lastPrint < 5000 && done < total) return;
    this.lastPrint = now;
    const seconds = (now - this.started) / 1000;
    const rate = seconds > 0 ? done / seconds : 0;
    const width = 24;
    const filled = total > 0 ? Math.round((done / total) * width) : 0;
    const bar = "█".repeat(filled) + "░".repeat(width - filled);
    const eta = rate > 0 && total > done ? `, ETA ${Math.ceil((total - done) / rate)} s` : "";
    const line = `${this.label} ${bar} ${done}/${total} (${rate.toFixed(1)}/s${eta})${detail ? ` ${detail}` : ""}`;
    if (this.tty) process.stdout.write(`\r${line}\x1b[K`);
    else console.log(line);
  }

  /** A line of its own that does not end the progress (on a terminal, the bar is redrawn at the next update). */
  note(message: string): void {
    if (this.quiet) return;
    if (this.tty) process.stdout.write("\r\x1b[K");
    console.log(`${this.label} ${message}`);
  }

  finish(message: string): void {
    if (this.quiet) return;
    if (this.tty) process.stdout.write("\r\x1b[K");
    console.log(`${this.label} ${message}`);
  }
}
