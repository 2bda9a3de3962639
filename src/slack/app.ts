import type { App } from "@slack/bolt";
import { registerAdminActions } from "./listeners/actions/admin-actions.js";
import { registerDecisionActions } from "./listeners/actions/decision-actions.js";
import { registerHomeActions } from "./listeners/actions/home-actions.js";
import { registerIdentityActions } from "./listeners/actions/identity-actions.js";
import { registerLifecycleActions } from "./listeners/actions/lifecycle-actions.js";
import { registerReclaimActions } from "./listeners/actions/reclaim-actions.js";
import { registerSeatTermActions } from "./listeners/actions/seat-term-actions.js";
import { registerCopilotCommand } from "./listeners/commands/copilot-command.js";
import { registerAppHomeOpened } from "./listeners/events/app-home-opened.js";
import { registerRequestViews } from "./listeners/views/request-views.js";
import type { SlackServices } from "./slack-services.js";

/** Every listener, whichever receiver (Lambda, HTTP or Socket Mode) the app runs on. */
export function registerListeners(app: App, services: SlackServices): void {
  registerCopilotCommand(app, services);
  registerDecisionActions(app, services);
  registerAdminActions(app, services);
  registerHomeActions(app, services);
  registerIdentityActions(app, services);
  registerLifecycleActions(app, services);
  registerSeatTermActions(app, services);
  registerReclaimActions(app, services);
  registerAppHomeOpened(app, services);
  registerRequestViews(app, services);
  app.error(async (error) => {
    app.logger.error("Unhandled error in a Slack listener", error);
  });
}
