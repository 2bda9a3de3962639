import { describe, expect, it } from "vitest";
import type { Digest } from "../../src/digest/digest.js";
import { usageFigures } from "../../src/digest/usage-figures.js";
import { digestMessage, digestProblemMessage } from "../../src/slack/blocks/digest-message.js";

function digestWithNames(language: string, ide: string, aiCredits?: { week: number; previous?: number }): Digest {
  const figures = usageFigures({
    ...(aiCredits ? { aiCredits } : {}),
    scope: { kind: "team", name: "web", organization: "acme" },
    source: "reports",
    days: [
      {
        day: "2026-06-07",
        dailyActiveUsers: 1,
        weeklyActiveUsers: 1,
        generations: 10,
        acceptances: 5,
        completions: { suggested: 10, accepted: 5 },
        linesAdded: 3,
        languages: new Map([[language, 10]]),
        ides: new Map([[ide, 10]]),
      },
    ],
    notes: [],
  });
  return { scope: figures.scope, generatedAt: "2026-06-10T09:00:00.000Z", usage: { kind: "figures", figures } };
}

describe("digestMessage", () => {
  it("escapes names from GitHub, so a language cannot ping a channel", () => {
    const message = digestMessage(digestWithNames("<!channel>", "a&b"));

    const text = JSON.stringify(message.blocks);
    expect(text).toContain("&lt;!channel&gt;");
    expect(text).toContain("a&amp;b");
    expect(text).not.toContain("<!channel>");
  });

  it("says there is no figure to compare AI credits with when the week before reported none, not that it was 0", () => {
    const withoutBefore = JSON.stringify(digestMessage(digestWithNames("go", "vscode", { week: 300 })).blocks);
    const withBefore = JSON.stringify(
      digestMessage(digestWithNames("go", "vscode", { week: 300, previous: 0 })).blocks,
    );

    expect(withoutBefore).toContain("*300* in the week (no figure the week before to compare with)");
    expect(withBefore).toContain("*300* in the week (+300 from 0 the week before)");
  });

  it("keeps every section within Slack's limits, even with absurdly long names", () => {
    const message = digestMessage(digestWithNames("x".repeat(5000), "y".repeat(5000)));

    expect(message.blocks.length).toBeLessThanOrEqual(50);
    for (const block of message.blocks as { type: string; text?: { text: string }; fields?: { text: string }[] }[]) {
      if (block.text) expect(block.text.text.length).toBeLessThanOrEqual(3000);
      for (const field of block.fields ?? []) expect(field.text.length).toBeLessThanOrEqual(2000);
    }
  });

  it("titles a team digest with the team and its organization", () => {
    const message = digestMessage(digestWithNames("go", "vscode"));

    expect(message.blocks[0]).toEqual({
      type: "header",
      text: { type: "plain_text", text: "Copilot weekly digest: team web (acme)", emoji: true },
    });
    expect(message.text.startsWith("Copilot weekly digest: team web (acme)")).toBe(true);
  });
});

describe("digestProblemMessage", () => {
  it("is one escaped line", () => {
    const message = digestProblemMessage("GitHub refused (403: <b>no</b>).\nEnable it.");

    expect(message.text).toBe("GitHub refused (403: &lt;b&gt;no&lt;/b&gt;). Enable it.");
    expect(message.blocks).toHaveLength(1);
  });
});
