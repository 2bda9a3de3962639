import { type App, Validations } from "aws-cdk-lib";
import { AwsSolutionsChecks } from "cdk-nag";
import { CopilotSeatBotStack } from "./copilot-seat-bot-stack.js";
import { readStackConfig } from "./stack-config.js";

export const STACK_NAME = "CopilotSeatBot";

/**
 * Everything `cdk/app.ts` does, in a function the tests call too: read and validate the context, add the stack,
 * and check it against cdk-nag's AwsSolutions rules, which fail the synth on any unacknowledged error.
 */
export function defineApp(app: App): CopilotSeatBotStack {
  const config = readStackConfig((key) => app.node.tryGetContext(key));
  const stack = new CopilotSeatBotStack(app, STACK_NAME, {
    config,
    description: "Slack bot that manages GitHub Copilot seats (copilot-seat-bot)",
  });
  // cdk-nag 3 runs as a policy-validation plugin, not an Aspect: it checks the synthesized templates and reads
  // acknowledgements recorded with Validations.of(construct).acknowledge().
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  return stack;
}
