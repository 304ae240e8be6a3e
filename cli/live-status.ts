import { formatDuration } from '../core/deployments/time-format';
import type { Clock } from '../core/timing';

/** Carriage return and erase-to-end-of-line: the next text replaces the line in place. */
const CLEAR_LINE = '\r\u001b[K';

/**
 * One status line on a terminal, redrawn in place every second and at each update: `run-task: RUNNING, 1m 05s
 * elapsed`. Lines printed through `note` scroll above it. Only for a terminal: in a log file every redraw would
 * be a line of its own.
 */
export class LiveStatus {
  private status = 'starting';
  private startedAt: number | undefined;
  private timer: NodeJS.Timeout | undefined;
  private shown = false;

  constructor(
    private readonly write: (text: string) => void,
    private readonly label: string,
    private readonly clock: Clock = Date.now,
    private readonly redrawMs = 1_000,
  ) {}

  /** Starts the elapsed time and the redraws. */
  start(): void {
    this.startedAt = this.clock();
    this.draw();
    this.timer = setInterval(() => this.draw(), this.redrawMs);
    // The redraws never keep the process alive on their own.
    this.timer.unref();
  }

  update(status: string): void {
    this.status = status;
    this.draw();
  }

  /** A line that stays, above the status line. */
  note(line: string): void {
    this.clear();
    this.write(`${line}\n`);
    this.draw();
  }

  /** Stops the redraws and erases the status line, so what follows starts on a clean line. */
  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    this.clear();
    this.startedAt = undefined;
  }

  private draw(): void {
    if (this.startedAt === undefined) return;
    this.write(`${CLEAR_LINE}${this.label}: ${this.status}, ${formatDuration(this.clock() - this.startedAt)} elapsed`);
    this.shown = true;
  }

  private clear(): void {
    if (this.shown) this.write(CLEAR_LINE);
    this.shown = false;
  }
}
