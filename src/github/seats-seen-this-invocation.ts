import type { CopilotSeat } from "../seat/copilot-seat.js";
import type { GitHubCopilotSeats } from "./github-copilot-seats.js";

const MEMORY_MS = 60_000;

/**
 * What the worker learned about seats from GitHub during the current invocation, so redrawing Home tabs after a
 * request moved does not ask GitHub again for a seat the same job just read or assigned (each read spends the
 * token's hourly budget). The request's own decisions always read GitHub afresh; only the Home tab's picture of a
 * seat comes from here, and the memory is dropped at the start of every invocation (and after a minute where there
 * are no invocations, as in `npm start`).
 */
export class SeatsSeenThisInvocation {
  private readonly seen = new Map<string, { seat: CopilotSeat | undefined; at: number }>();
  private invocation = -1;

  constructor(
    private readonly github: GitHubCopilotSeats,
    private readonly currentInvocation: () => number,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** The adapter the domain uses: GitHub itself, noting each seat it reads or assigns. */
  get recording(): GitHubCopilotSeats {
    const memory = this;
    return Object.assign(Object.create(this.github) as GitHubCopilotSeats, {
      async getSeat(login: string) {
        const seat = await memory.github.getSeat(login);
        memory.remember(login, seat);
        return seat;
      },
      async assignSeat(login: string) {
        const result = await memory.github.assignSeat(login);
        // GitHub has just created it: a seat as of now, details to follow on the next real read.
        memory.remember(login, { login, createdAt: memory.now().toISOString() });
        return result;
      },
      async revokeSeat(login: string) {
        const result = await memory.github.revokeSeat(login);
        memory.forget(login);
        return result;
      },
    });
  }

  /** For the Home tab: the seat as last seen in this invocation, or read from GitHub if it was not. */
  async seatFor(login: string): Promise<CopilotSeat | undefined> {
    this.startIfNew();
    const known = this.seen.get(login.toLowerCase());
    if (known && this.now().getTime() - known.at < MEMORY_MS) return known.seat;
    return this.recording.getSeat(login);
  }

  private remember(login: string, seat: CopilotSeat | undefined): void {
    this.startIfNew();
    this.seen.set(login.toLowerCase(), { seat, at: this.now().getTime() });
  }

  private forget(login: string): void {
    this.startIfNew();
    this.seen.delete(login.toLowerCase());
  }

  private startIfNew(): void {
    const current = this.currentInvocation();
    if (current === this.invocation) return;
    this.invocation = current;
    this.seen.clear();
  }
}
