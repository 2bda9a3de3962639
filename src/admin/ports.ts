import type { CopilotSeat } from "../seat/copilot-seat.js";

export interface TeamInfo {
  slug: string;
  name: string;
  membersCount: number;
}

/** The Copilot seat endpoints an admin uses directly, beyond the request flow. */
export interface SeatAdministration {
  getSeat(login: string): Promise<CopilotSeat | undefined>;
  revokeSeat(login: string): Promise<{ seatsCancelled: number }>;
  getTeam(slug: string): Promise<TeamInfo | undefined>;
  addTeam(slug: string): Promise<{ seatsCreated: number }>;
  removeTeam(slug: string): Promise<{ seatsCancelled: number }>;
}
