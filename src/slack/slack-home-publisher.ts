import type { WebClient } from "@slack/web-api";
import { gatherHome, type HomeDependencies } from "../home/home-model.js";
import { homeView } from "./blocks/home-view.js";

/** Builds a person's Home tab from the latest state and publishes it. */
export class SlackHomePublisher {
  constructor(
    private readonly client: WebClient,
    private readonly organization: string,
    private readonly deps: HomeDependencies,
  ) {}

  async publish(userId: string): Promise<void> {
    const model = await gatherHome(userId, this.deps);
    await this.client.views.publish({ user_id: userId, view: homeView(model, this.organization) });
  }
}
