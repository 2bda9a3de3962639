import type { SeatAdministration } from "../admin/ports.js";
import { revokeSeat } from "../admin/revoke-seat.js";
import type { SubscriptionSummary } from "../admin/subscription-summary.js";
import { changeTeamSeats } from "../admin/team-seats.js";
import { auditCsv } from "../audit/audit-csv.js";
import type { AuditEntry, AuditLog } from "../audit/audit-log.js";
import type { Job } from "../jobs/job.js";
import { type AnnounceDependencies, announceRequest } from "../request/announce-request.js";
import { assignApprovedSeat } from "../request/assign-seat.js";
import { RequestNotFoundError } from "../request/errors.js";
import type { Clock, CopilotSeats, Log, RequestStore, SlackDirectory } from "../request/ports.js";
import { endSeat, releaseOwnSeat, warnSeatEnd } from "../request/seat-term.js";
import { validateSeatRequest } from "../request/validate-request.js";
import { GitHubFailure } from "../seat/github-failure.js";
import {
  noSuchTeamMessage,
  revokeOutcomeMessage,
  teamChangeConfirmation,
  teamChangeOutcomeMessage,
} from "../slack/blocks/admin-messages.js";
import { seatMessage } from "../slack/blocks/seat-message.js";
import { seatNoticeMessage } from "../slack/blocks/seat-term-messages.js";
import { type SlackMessage, textMessage } from "../slack/blocks/slack-message.js";
import { subscriptionMessage } from "../slack/blocks/subscription-message.js";
import { respondEphemeral } from "../slack/response-url.js";

export interface WorkerDependencies extends AnnounceDependencies {
  store: RequestStore;
  directory: SlackDirectory;
  github: CopilotSeats & SeatAdministration;
  audit: AuditLog;
  clock: Clock;
  organization: string;
  getSubscription(): Promise<SubscriptionSummary>;
  publishHome(userId: string): Promise<void>;
  sendFile(userId: string, file: { filename: string; content: string; title: string; comment: string }): Promise<void>;
}

type Delivery = { finalAttempt: boolean };

/** The worker's one entry: every job the acknowledgement path queued ends up here. */
export function createJobRunner(deps: WorkerDependencies) {
  return async (job: Job, delivery: Delivery): Promise<void> => {
    switch (job.type) {
      case "validate-request":
        await validateSeatRequest(job.requestId, delivery, deps);
        return;
      case "assign-seat":
        await assignApprovedSeat(job.requestId, delivery, deps);
        return;
      case "notify-outcome": {
        const request = await deps.store.get(job.requestId);
        if (!request) throw new RequestNotFoundError(job.requestId);
        await announceRequest(request, deps);
        return;
      }
      case "lookup-seat":
        return answerWith(deps.log, job.responseUrl, delivery, async () =>
          seatMessage(job.githubLogin, await deps.github.getSeat(job.githubLogin), deps.organization),
        );
      case "revoke-seat":
        return answerWith(deps.log, job.responseUrl, delivery, async () =>
          revokeOutcomeMessage(job.githubLogin, await revokeSeat(job.githubLogin, job.actorId, deps), job.actorId),
        );
      case "confirm-team-change":
        return answerWith(deps.log, job.responseUrl, delivery, async () => {
          const team = await deps.github.getTeam(job.teamSlug);
          return team ? teamChangeConfirmation(team, job.change) : noSuchTeamMessage(job.teamSlug, deps.organization);
        });
      case "change-team-seats":
        return answerWith(deps.log, job.responseUrl, delivery, async () =>
          teamChangeOutcomeMessage(
            job.teamSlug,
            job.change,
            await changeTeamSeats(job.teamSlug, job.change, job.actorId, deps),
            deps.organization,
          ),
        );
      case "show-subscription":
        return answerWith(deps.log, job.responseUrl, delivery, async () =>
          subscriptionMessage(await deps.getSubscription(), deps.organization),
        );
      case "export-audit":
        await exportAudit(job.actorId, deps);
        return;
      case "publish-home":
        await deps.publishHome(job.userId);
        return;
      case "warn-seat-end":
        await warnSeatEnd(job.requestId, deps);
        return;
      case "end-seat":
        await endSeat(job.requestId, delivery, deps);
        return;
      case "release-seat": {
        const outcome = await releaseOwnSeat(job.githubLogin, job.userId, deps);
        const notice = { kind: "released" as const, githubLogin: job.githubLogin, outcome };
        if (job.responseUrl) {
          await answerWith(deps.log, job.responseUrl, delivery, async () => seatNoticeMessage(notice));
        } else {
          await deps.notifier.tellAboutSeat(job.userId, notice);
        }
        await deps.publishHome(job.userId).catch(() => {});
        return;
      }
    }
  };
}

/**
 * Answers a command through its `response_url`. A GitHub failure becomes the answer when it is permanent, or when
 * the queue will not try again; otherwise it is rethrown so the job is delivered again.
 */
async function answerWith(
  log: Log,
  responseUrl: string,
  delivery: Delivery,
  build: () => Promise<SlackMessage>,
): Promise<void> {
  let message: SlackMessage;
  try {
    message = await build();
  } catch (error) {
    if (!(error instanceof GitHubFailure) || (error.retryable && !delivery.finalAttempt)) throw error;
    message = textMessage(`:warning: ${error.message}`);
  }
  try {
    await respondEphemeral(responseUrl, message);
  } catch (error) {
    // The work is done and recorded; running the job again for a lost answer would repeat it. (A response_url
    // expires after 30 minutes or 5 uses, so retrying rarely helps anyway.)
    log.warn("Could not answer through response_url", { error: (error as Error).message });
  }
}

const EXPORT_PAGE_SIZE = 500;

async function exportAudit(actorId: string, deps: WorkerDependencies): Promise<void> {
  const entries: AuditEntry[] = [];
  let cursor: string | undefined;
  do {
    const page = await deps.audit.page({}, cursor, EXPORT_PAGE_SIZE);
    entries.push(...page.entries);
    cursor = page.cursor;
  } while (cursor);
  const day = deps.clock.now().toISOString().slice(0, 10);
  await deps.sendFile(actorId, {
    filename: `copilot-audit-${day}.csv`,
    title: `Copilot audit trail, ${day}`,
    content: auditCsv(entries),
    comment: `The whole Copilot audit trail: ${entries.length} entries, newest first.`,
  });
}
