import type { App, ViewSubmitAction } from "@slack/bolt";
import { isSlackUserId } from "../../../identifiers.js";
import { denyRequest } from "../../../request/decide-request.js";
import { RequestCheckError } from "../../../request/errors.js";
import { fileSeatRequest } from "../../../request/file-request.js";
import { checkForward } from "../../../request/withdraw-request.js";
import { DENY_FIELDS } from "../../blocks/deny-modal.js";
import { FORWARD_FIELDS } from "../../blocks/forward-modal.js";
import { provenLoginFromMetadata, REQUEST_FIELDS } from "../../blocks/request-modal.js";
import { VIEWS } from "../../blocks/slack-message.js";
import { fieldErrorFor, SlackAnswerError } from "../../error-messages.js";
import { requestIdFromMetadata } from "../../interaction-values.js";
import type { SlackServices } from "../../slack-services.js";

type ViewState = ViewSubmitAction["view"]["state"]["values"];

function inputValue(values: ViewState, field: { block: string; action: string }): string {
  const element = values[field.block]?.[field.action];
  return element?.value ?? element?.selected_user ?? element?.selected_option?.value ?? "";
}

/** Which field a failed check is about, so the form shows the message next to it. */
const FIELD_FOR_CODE: Record<string, string> = {
  INVALID_LOGIN: REQUEST_FIELDS.githubLogin.block,
  DUPLICATE_REQUEST: REQUEST_FIELDS.githubLogin.block,
  MANAGER_IS_REQUESTER: REQUEST_FIELDS.manager.block,
  MANAGER_MISSING: REQUEST_FIELDS.manager.block,
  REASON_MISSING: REQUEST_FIELDS.reason.block,
  REASON_TOO_LONG: REQUEST_FIELDS.reason.block,
  INVALID_SEAT_DURATION: REQUEST_FIELDS.seatDuration.block,
};

export function registerRequestViews(app: App, services: SlackServices): void {
  app.view<ViewSubmitAction>(VIEWS.request, async ({ ack, body, view, logger }) => {
    const values = view.state.values;
    try {
      if (!isSlackUserId(inputValue(values, REQUEST_FIELDS.manager))) {
        throw new SlackAnswerError("MANAGER_MISSING", "Choose your manager: they decide the request.");
      }
      await fileSeatRequest(
        {
          requesterId: body.user.id,
          // A form with REQUIRE_PROVEN_LOGIN has no login field: it carries the proven login, which the worker checks
          // again against the person's link before the manager sees the request.
          githubLogin:
            inputValue(values, REQUEST_FIELDS.githubLogin) || (provenLoginFromMetadata(view.private_metadata) ?? ""),
          managerId: inputValue(values, REQUEST_FIELDS.manager),
          reason: inputValue(values, REQUEST_FIELDS.reason),
          seatDuration: inputValue(values, REQUEST_FIELDS.seatDuration) || undefined,
        },
        services,
      );
      await ack();
    } catch (error) {
      const block =
        error instanceof RequestCheckError || error instanceof SlackAnswerError
          ? FIELD_FOR_CODE[error.code]
          : undefined;
      const message = fieldErrorFor(error, logger);
      await ack({ response_action: "errors", errors: { [block ?? REQUEST_FIELDS.reason.block]: message } });
    }
  });

  // What needs no lookup is checked here, against the request as read, and answered next to the field: the forwarder
  // may forward, the request still waits, the new approver is someone else. Whether the new approver can decide it
  // (a full member of the requester's organization) needs Slack's directory: the worker checks that, forwards, and
  // tells the forwarder by direct message if it cannot. Two round trips, no call to Slack.
  app.view<ViewSubmitAction>(VIEWS.forward, async ({ ack, body, view, logger }) => {
    try {
      const requestId = requestIdFromMetadata(view.private_metadata);
      const newApproverId = inputValue(view.state.values, FORWARD_FIELDS);
      if (!isSlackUserId(newApproverId)) {
        throw new SlackAnswerError("APPROVER_MISSING", "Choose the person who should decide the request.");
      }
      await checkForward(requestId, body.user.id, newApproverId, services);
      await services.queue.enqueue({
        type: "forward-request",
        requestId,
        actorId: body.user.id,
        approverId: newApproverId,
      });
      await ack();
    } catch (error) {
      // `fieldErrorFor` logs anything that is not a problem the person can act on.
      await ack({ response_action: "errors", errors: { [FORWARD_FIELDS.block]: fieldErrorFor(error, logger) } });
    }
  });

  app.view<ViewSubmitAction>(VIEWS.deny, async ({ ack, body, view, logger }) => {
    try {
      const requestId = requestIdFromMetadata(view.private_metadata);
      const reason = inputValue(view.state.values, DENY_FIELDS);
      await denyRequest(requestId, body.user.id, reason, services);
      await ack();
    } catch (error) {
      await ack({ response_action: "errors", errors: { [DENY_FIELDS.block]: fieldErrorFor(error, logger) } });
    }
  });
}
