/** The parts of GitHub's Copilot seat assignment the bot shows and reasons about. */
export interface CopilotSeat {
  login: string;
  planType?: string;
  createdAt: string;
  updatedAt?: string;
  lastActivityAt?: string;
  lastActivityEditor?: string;
  pendingCancellationDate?: string;
  assigningTeam?: string;
}
