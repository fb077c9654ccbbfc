import cliProgress from "cli-progress";

/**
 * Progress of a long run over a file, on stderr: a bar with rate and ETA on a terminal, and
 * otherwise (a log, CI, a pipe) a plain line every 5 s or 10 % of the file, whichever first.
 */
export class ImportProgress {
  private readonly started = performance.now();
  private readonly bar: cliProgress.SingleBar | undefined;
  private lastLineAt = performance.now();
  private lastTenth = 0;

  constructor(
    private readonly total: number,
    private readonly startAt = 0,
    stream: NodeJS.WriteStream = process.stderr,
  ) {
    if (stream.isTTY) {
      this.bar = new cliProgress.SingleBar(
        {
          stream,
          format: "{bar} {percentage}% | {rows} rows | {rate} rows/s | ETA {eta_formatted}",
          etaBuffer: 50,
          fps: 5,
        },
        cliProgress.Presets.shades_classic,
      );
      this.bar.start(Math.max(total, 1), startAt, { rows: 0, rate: 0 });
    }
  }

  /** `done`: bytes of the file finished; `rows`: rows finished in this run. */
  update(done: number, rows: number) {
    const seconds = (performance.now() - this.started) / 1000;
    const rate = Math.round(rows / Math.max(seconds, 0.001));
    if (this.bar) {
      this.bar.update(done, { rows, rate });
      return;
    }
    const fraction = this.total > 0 ? done / this.total : 1;
    const tenth = Math.floor(fraction * 10);
    if (tenth <= this.lastTenth && performance.now() - this.lastLineAt < 5_000) return;
    this.lastTenth = Math.max(tenth, this.lastTenth);
    this.lastLineAt = performance.now();
    const bytesPerSecond = (done - this.startAt) / Math.max(seconds, 0.001);
    const eta = bytesPerSecond > 0 ? Math.round((this.total - done) / bytesPerSecond) : undefined;
    process.stderr.write(
      `… ${Math.floor(fraction * 100)}% of the file, ${rows} rows, ${rate} rows/s${eta === undefined ? "" : `, about ${eta} s left`}\n`,
    );
  }

  stop() {
    this.bar?.stop();
  }
}
