import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  actAs,
  message,
  open,
  type SandboxUnderTest,
  screenshot,
  startSandboxUnderTest,
  type,
  VISIBLE_MS,
} from "./sandbox-under-test.js";

/*
 * The sandbox as a newcomer meets it: `npm start -- --sandbox`, the page in a browser, and the bot's whole story
 * clicked through by the people in it. Every step waits for what a person would see, never for a fixed time.
 */
let sandbox: SandboxUnderTest;
let page: Page;

beforeAll(async () => {
  sandbox = await startSandboxUnderTest();
  page = sandbox.page;
});

afterAll(async () => {
  await sandbox?.stop();
});

const visible = { timeout: VISIBLE_MS };

/** The requester files a request through the form, naming Morgan Manager. */
async function requestThroughTheForm(requester: string, githubLogin: string, reason: string): Promise<void> {
  await actAs(page, requester);
  await open(page, "Copilot Seats");
  await type(page, "/copilot request");
  const form = page.getByRole("dialog", { name: "Request Copilot" });
  await expect.poll(() => form.isVisible(), visible).toBe(true);
  await form.getByLabel("GitHub username").fill(githubLogin);
  await form.getByLabel("Manager").selectOption({ label: "Morgan Manager" });
  await form.getByLabel("Reason").fill(reason);
  await screenshot(page, `${githubLogin}-request-form`);
  await form.getByRole("button", { name: "Send to manager" }).click();
  await expect.poll(() => form.isVisible(), visible).toBe(false);
  await message(page, new RegExp(`request for ${githubLogin} was sent`)).waitFor();
}

async function seatRow(login: string) {
  return page.getByRole("table", { name: /Copilot seats/ }).getByRole("row", { name: new RegExp(`^${login}\\b`) });
}

describe("the sandbox, clicked through", () => {
  it("prints one line with the page's URL and serves an accessible page with no outside requests", async () => {
    expect(sandbox.output()).toContain(`Sandbox Slack workspace and GitHub organization: ${sandbox.url}`);
    const outside: string[] = [];
    page.on("request", (request) => {
      if (!request.url().startsWith(sandbox.url)) outside.push(request.url());
    });
    await page.reload();
    await expect.poll(() => page.getByLabel("You are").isVisible(), visible).toBe(true);
    await expect
      .poll(() => page.getByRole("textbox", { name: "Message", exact: true }).isVisible(), visible)
      .toBe(true);
    await expect.poll(() => page.getByRole("row", { name: /sam-idle/ }).isVisible(), visible).toBe(true);
    expect(outside).toEqual([]);
    await screenshot(page, "start");
  });

  it("draws every Block Kit type the bot uses, and shows any other as a visible warning", async () => {
    const blocks = [
      { type: "header", text: { type: "plain_text", text: "A header" } },
      {
        type: "section",
        text: { type: "mrkdwn", text: "*bold* for <@U0MANAGER>" },
        fields: [{ type: "mrkdwn", text: "a field" }],
      },
      { type: "divider" },
      { type: "context", elements: [{ type: "mrkdwn", text: "some context" }] },
      {
        type: "actions",
        elements: [{ type: "button", action_id: "a", text: { type: "plain_text", text: "A button" } }],
      },
      { type: "rich_text", elements: [] },
    ];
    // The page's own renderer, on a scratch element, with the blocks above.
    await page.evaluate(`(async () => {
      const { renderBlocks } = await import("/sandbox/block-kit.js");
      const scratch = document.createElement("div");
      scratch.id = "render-check";
      scratch.append(renderBlocks(${JSON.stringify(blocks)}, { people: new Map([["U0MANAGER", "Morgan Manager"]]), onAction() {} }));
      document.body.append(scratch);
    })()`);
    const scratch = page.locator("#render-check");
    await scratch.getByRole("heading", { name: "A header" }).waitFor();
    await scratch.getByText("@Morgan Manager").waitFor();
    await scratch.getByRole("button", { name: "A button" }).waitFor();
    await scratch.getByRole("note").filter({ hasText: 'Unsupported block "rich_text"' }).waitFor();
    await page.evaluate(`document.getElementById("render-check").remove()`);
  });

  it("keeps the form open with the bot's answer next to the field it is about", async () => {
    await actAs(page, "Riley Requester (requester)");
    await open(page, "Copilot Seats");
    await type(page, "/copilot request");
    const form = page.getByRole("dialog", { name: "Request Copilot" });
    await expect.poll(() => form.isVisible(), visible).toBe(true);
    await form.getByLabel("GitHub username").fill("eli-intern");
    await form.getByLabel("Manager").selectOption({ label: "Riley Requester" });
    await form.getByLabel("Reason").fill("Approving my own request");
    await form.getByRole("button", { name: "Send to manager" }).click();
    await form.getByRole("alert").waitFor();
    await expect.poll(() => form.getByLabel("Manager").getAttribute("aria-describedby"), visible).toBeTruthy();
    await screenshot(page, "form-error-next-to-field");
    await form.getByRole("button", { name: "Cancel" }).click();
    await expect.poll(() => form.isVisible(), visible).toBe(false);
  });

  it("takes a request from /copilot request to an assigned seat", async () => {
    await requestThroughTheForm("Riley Requester (requester)", "riley-dev", "Pairing on the TypeScript migration");

    await actAs(page, "Morgan Manager (Riley's manager)");
    const approval = message(page, /Copilot seat request[\s\S]*riley-dev/);
    await approval.waitFor();
    await screenshot(page, "manager-dm");
    await approval.getByRole("button", { name: "Approve" }).click();
    await message(page, /Approved by .*seat is assigned/).waitFor();

    await (await seatRow("riley-dev")).waitFor();
    await actAs(page, "Riley Requester (requester)");
    await message(page, /seat for riley-dev is ready/).waitFor();
    await screenshot(page, "requester-told-seat-ready");
  });

  it("tells the requester why a request was denied", async () => {
    await requestThroughTheForm("Casey Colleague (colleague)", "casey-codes", "To try Copilot Chat");

    await actAs(page, "Morgan Manager (Riley's manager)");
    await message(page, /Copilot seat request[\s\S]*casey-codes/)
      .getByRole("button", { name: "Deny" })
      .click();
    const denial = page.getByRole("dialog", { name: "Deny request" });
    await expect.poll(() => denial.isVisible(), visible).toBe(true);
    await denial.getByLabel(/Reason/).fill("Our pilot is full until January");
    await screenshot(page, "deny-with-reason");
    await denial.getByRole("button", { name: "Deny" }).click();
    await expect.poll(() => denial.isVisible(), visible).toBe(false);

    await actAs(page, "Casey Colleague (colleague)");
    await message(page, /was denied[\s\S]*Our pilot is full until January/).waitFor();
    await screenshot(page, "requester-told-denied");
    expect(await (await seatRow("casey-codes")).count()).toBe(0);
  });

  it("lets an admin retry an assignment GitHub refused", async () => {
    await page.getByRole("button", { name: "Fail with 422 seat management disabled" }).click();
    await expect.poll(() => page.getByText("fails with 422 seat management disabled").isVisible(), visible).toBe(true);
    await requestThroughTheForm("Riley Requester (requester)", "dana-data", "Onboarding a data engineer");

    await actAs(page, "Morgan Manager (Riley's manager)");
    await message(page, /Copilot seat request[\s\S]*dana-data/)
      .getByRole("button", { name: "Approve" })
      .click();
    await message(page, /GitHub did not assign the seat/).waitFor();

    await actAs(page, "Avery Admin (Copilot admin)");
    await open(page, "Copilot Seats");
    const alert = message(page, /Assigning a Copilot seat to dana-data failed/);
    await alert.waitFor();
    await screenshot(page, "admin-alert-with-retry");
    expect(await (await seatRow("dana-data")).count()).toBe(0);
    await alert.getByRole("button", { name: "Retry" }).click();

    await (await seatRow("dana-data")).waitFor();
    await actAs(page, "Riley Requester (requester)");
    await message(page, /seat for dana-data is ready/).waitFor();
    await screenshot(page, "assigned-after-retry");
  });

  it("shows each person their Home tab", async () => {
    await actAs(page, "Riley Requester (requester)");
    await open(page, "Home");
    const home = page.getByRole("region", { name: "Home tab" });
    await home
      .getByText(/riley-dev|dana-data/)
      .first()
      .waitFor();
    await screenshot(page, "requester-home");

    await actAs(page, "Avery Admin (Copilot admin)");
    await home
      .getByText(/subscription|seats/i)
      .first()
      .waitFor();
    await screenshot(page, "admin-home");

    await actAs(page, "Casey Colleague (colleague)");
    await home.getByRole("button", { name: "Request a seat" }).click();
    const form = page.getByRole("dialog", { name: "Request Copilot" });
    await expect.poll(() => form.isVisible(), visible).toBe(true);
    await form.getByRole("button", { name: "Cancel" }).click();
    await expect.poll(() => form.isVisible(), visible).toBe(false);
    await open(page, "Copilot Seats");
  });

  it("posts the digest with its chart to the digest channel", async () => {
    await page.getByRole("button", { name: "Run the digest now" }).click();
    await open(page, "# copilot-digest");
    await message(page, /Copilot weekly digest: acme-sandbox/).waitFor();
    const chart = page.getByRole("img", { name: /daily active users/i }).first();
    await chart.waitFor();
    await expect
      .poll(() => chart.evaluate((image) => (image as unknown as { naturalWidth: number }).naturalWidth), visible)
      .toBeGreaterThan(0);
    await chart.scrollIntoViewIfNeeded();
    await screenshot(page, "digest-with-chart");
    await expect.poll(() => page.getByText("Running: weekly digest").isVisible(), visible).toBe(false);
  });

  it("can be used from the keyboard alone", async () => {
    await actAs(page, "Casey Colleague (colleague)");
    await open(page, "Copilot Seats");
    await page.getByRole("textbox", { name: "Message", exact: true }).focus();
    await page.keyboard.type("/copilot request");
    await page.keyboard.press("Enter");
    const form = page.getByRole("dialog", { name: "Request Copilot" });
    await expect.poll(() => form.isVisible(), visible).toBe(true);
    // The form opens with the first field focused; Tab moves through the fields, then to Cancel and the submit button.
    await expect
      .poll(
        () => form.getByLabel("GitHub username").evaluate((field) => field === field.ownerDocument.activeElement),
        visible,
      )
      .toBe(true);
    // The username is prefilled from Casey's last request: replace it.
    await page.keyboard.press("ControlOrMeta+A");
    await page.keyboard.type("eli-intern");
    await page.keyboard.press("Tab");
    await page.keyboard.type("Mor");
    await page.keyboard.press("Tab");
    await page.keyboard.type("Typing my way through the form");
    // On through whatever fields follow (their defaults are fine) to the submit button.
    const focused = () => page.evaluate("document.activeElement?.textContent ?? ''");
    for (let presses = 0; presses < 10 && (await focused()) !== "Send to manager"; presses++) {
      await page.keyboard.press("Tab");
    }
    expect(await focused()).toBe("Send to manager");
    await page.keyboard.press("Enter");
    await expect.poll(() => form.isVisible(), visible).toBe(false);
    await message(page, /request for eli-intern was sent to @Morgan Manager/).waitFor();
  });

  it("starts over on Reset sandbox", async () => {
    await page.getByRole("button", { name: "Reset sandbox" }).click();
    await expect.poll(async () => (await seatRow("riley-dev")).count(), visible).toBe(0);
    await open(page, "Copilot Seats");
    await page.getByText("No messages yet.").waitFor();
  });
});
