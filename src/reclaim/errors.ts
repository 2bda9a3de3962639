import type { HolderState } from "./ports.js";

/** Every way a reclaim action can be refused, with the facts a person needs; `src/slack/` words each code. */
export interface ReclaimProblemParams {
  /** Only the seat's holder may answer its question. */
  NOT_YOUR_QUESTION: { githubLogin: string; holderId?: string };
  /** The question was already answered or settled. */
  ALREADY_SETTLED: { githubLogin: string; state: HolderState; pendingCancellationDate?: string };
  /** The question's round was called off (or `RECLAIM_MODE` no longer asks holders): Release cancels nothing. */
  RELEASE_CALLED_OFF: { githubLogin: string };
  /** The question belongs to a round that no longer exists. */
  QUESTION_GONE: Record<string, never>;
  /** Another round is still running. */
  ROUND_RUNNING: { roundId: string };
  /** `RECLAIM_MODE` is `off`. */
  RECLAIM_OFF: Record<string, never>;
}

export type ReclaimProblemCode = keyof ReclaimProblemParams;
export type ReclaimProblem = {
  [C in ReclaimProblemCode]: { code: C; params: ReclaimProblemParams[C] };
}[ReclaimProblemCode];

export class ReclaimError extends Error {
  constructor(readonly problem: ReclaimProblem) {
    super(`${problem.code} ${JSON.stringify(problem.params)}`);
    this.name = "ReclaimError";
  }

  get code(): ReclaimProblemCode {
    return this.problem.code;
  }
}
