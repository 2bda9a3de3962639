import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { App, type CfnResource } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import type { IConstruct } from "constructs";
import type { CopilotSeatBotStack } from "../../cdk/copilot-seat-bot-stack.js";
import { defineApp } from "../../cdk/define-app.js";

const CDK_JSON = fileURLToPath(new URL("../../cdk.json", import.meta.url));

/** The values an operator must pass; everything else comes from cdk.json, as in a real `cdk synth`. */
export const REQUIRED_CONTEXT = { githubOrg: "acme", digestChannel: "C0123456789" } as const;

/** The context shipped in cdk.json: feature flags and the bot's defaults. */
export function projectContext(): Record<string, unknown> {
  const cdkJson = JSON.parse(readFileSync(CDK_JSON, "utf8")) as { context: Record<string, unknown> };
  return cdkJson.context;
}

export interface ValidationReport {
  pluginReports: { pluginName: string; violations: { ruleName: string; severity: string }[] }[];
}

export interface SynthesizedApp {
  app: App;
  stack: CopilotSeatBotStack;
  template: Template;
  assemblyDirectory: string;
  validationReport: ValidationReport;
}

/**
 * Builds the app exactly as `cdk/app.ts` does (context from cdk.json plus `overrides`, cdk-nag registered)
 * and synthesizes it. `bundle: false` skips esbuild, for tests that only look at configuration; `beforeSynth`
 * changes the stack the way a future commit might.
 */
export function synthesizeApp(
  overrides: Record<string, unknown>,
  options: { bundle: boolean; beforeSynth?: (stack: CopilotSeatBotStack) => void },
): SynthesizedApp {
  const app = new App({
    context: {
      ...projectContext(),
      ...overrides,
      ...(options.bundle ? {} : { "aws:cdk:bundling-stacks": [] }),
    },
  });
  const stack = defineApp(app);
  options.beforeSynth?.(stack);
  const assembly = app.synth();
  const template = Template.fromJSON(assembly.getStackByName(stack.stackName).template as Record<string, unknown>);
  const validationReport = JSON.parse(
    readFileSync(path.join(assembly.directory, "validation-report.json"), "utf8"),
  ) as ValidationReport;
  return { app, stack, template, assemblyDirectory: assembly.directory, validationReport };
}

export function logicalId(construct: IConstruct): string {
  const resource = (construct.node.defaultChild ?? construct) as CfnResource;
  return (resource.stack as CopilotSeatBotStack).getLogicalId(resource);
}

export interface TemplateResource {
  Type: string;
  Properties: Record<string, unknown>;
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
  Metadata?: Record<string, unknown>;
}

export function resourcesOfType(template: Template, type: string): Record<string, TemplateResource> {
  return template.findResources(type) as Record<string, TemplateResource>;
}

export function resource(template: Template, id: string): TemplateResource {
  const found = (template.toJSON() as { Resources: Record<string, TemplateResource> }).Resources[id];
  if (found === undefined) throw new Error(`No resource ${id} in the template`);
  return found;
}

/**
 * Renders a CloudFormation value as text, with references written as `<LogicalId>`, `<LogicalId.Attr>` or
 * `<AWS::Region>`, so a test can compare a URL or a JSON document built from tokens.
 */
export function render(value: unknown): string {
  if (typeof value === "string" || typeof value === "number") return String(value);
  if (value !== null && typeof value === "object") {
    const object = value as Record<string, unknown>;
    if ("Ref" in object) return `<${String(object.Ref)}>`;
    if ("Fn::GetAtt" in object) return `<${(object["Fn::GetAtt"] as string[]).join(".")}>`;
    if ("Fn::Join" in object) {
      const [separator, parts] = object["Fn::Join"] as [string, unknown[]];
      return parts.map(render).join(separator);
    }
  }
  throw new Error(`Cannot render ${JSON.stringify(value)}`);
}

/** What one role may do: rendered resource → sorted actions, merged over all of its policies. */
/** Every statement of the policies attached to a role. */
export function statementsOf(template: Template, roleId: string): Record<string, unknown>[] {
  return Object.values(resourcesOfType(template, "AWS::IAM::Policy"))
    .filter((policy) => (policy.Properties.Roles as { Ref: string }[]).some((role) => role.Ref === roleId))
    .flatMap((policy) => (policy.Properties.PolicyDocument as { Statement: Record<string, unknown>[] }).Statement);
}

export function grantsOf(template: Template, roleId: string): Record<string, string[]> {
  const grants: Record<string, Set<string>> = {};
  for (const statement of statementsOf(template, roleId)) {
    if (statement.Effect !== "Allow") throw new Error(`Unexpected ${String(statement.Effect)} statement`);
    for (const target of toArray(statement.Resource)) {
      const key = render(target);
      grants[key] ??= new Set();
      for (const action of toArray(statement.Action)) grants[key].add(String(action));
    }
  }
  return Object.fromEntries(Object.entries(grants).map(([key, actions]) => [key, [...actions].sort()]));
}

export function toArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [value];
}
