import { describe, expect, it } from "vitest";
import { readStackConfig, StackConfigError } from "../../cdk/stack-config.js";

const REQUIRED = { githubOrg: "acme", digestChannel: "C0123456789" };

describe("the reclaim settings in CDK context", () => {
  it("become the functions' RECLAIM_* environment", () => {
    const context: Record<string, string> = {
      ...REQUIRED,
      reclaimMode: "enforce",
      reclaimIdleAfter: "45d",
      reclaimExempt: "octocat,team:leadership",
      reclaimGrace: "10d",
      reclaimSnooze: "120d",
      reclaimDay: "TUE",
    };
    expect(readStackConfig((key) => context[key]).lifecycleEnvironment).toMatchObject({
      RECLAIM_MODE: "enforce",
      RECLAIM_IDLE_AFTER: "45d",
      RECLAIM_EXEMPT: "octocat,team:leadership",
      RECLAIM_GRACE: "10d",
      RECLAIM_SNOOZE: "120d",
      RECLAIM_DAY: "TUE",
    });
  });

  it("stop the synth with the fix when one is wrong, all at once", () => {
    const context: Record<string, string> = {
      ...REQUIRED,
      reclaimMode: "purge",
      reclaimGrace: "a week",
      reclaimDay: "Funday",
    };
    let problems = "";
    try {
      readStackConfig((key) => context[key]);
    } catch (error) {
      expect(error).toBeInstanceOf(StackConfigError);
      problems = (error as StackConfigError).problems.join("\n");
    }
    expect(problems).toContain('reclaimMode "purge"');
    expect(problems).toContain("-c reclaimMode=report");
    expect(problems).toContain('reclaimGrace "a week"');
    expect(problems).toContain('reclaimDay "Funday"');
  });
});
