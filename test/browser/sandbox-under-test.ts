import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Browser, chromium, type Locator, type Page } from "playwright-core";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const TSX = join(ROOT, "node_modules/tsx/dist/cli.mjs");
const START = join(ROOT, "src/local/start.ts");
export const SCREENSHOTS = join(ROOT, "test-results/sandbox");
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** Generous: the first start loads GitHub's OpenAPI description, and CI machines can be slow. */
export const VISIBLE_MS = 30_000;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address === "string") throw new Error("no port");
  return address.port;
}

export interface SandboxUnderTest {
  url: string;
  browser: Browser;
  page: Page;
  output: () => string;
  stop: () => Promise<void>;
}

/**
 * `npm start -- --sandbox` as a newcomer runs it, in a fresh folder (so its .data/ is new) on a free port, with no
 * credentials in its environment, and a headless Chromium with one page on it.
 */
export async function startSandboxUnderTest(): Promise<SandboxUnderTest> {
  const folder = mkdtempSync(join(tmpdir(), "copilot-sandbox-"));
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [TSX, START, "--sandbox"], {
    cwd: folder,
    env: { PATH: process.env.PATH, HOME: folder, PORT: String(port) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk) => {
    output += chunk;
  });
  child.stderr?.on("data", (chunk) => {
    output += chunk;
  });
  const url = `http://localhost:${port}/`;
  const deadline = Date.now() + 90_000;
  while (!output.includes(url)) {
    if (child.exitCode !== null) throw new Error(`The sandbox exited with ${child.exitCode}:\n${output}`);
    if (Date.now() > deadline) throw new Error(`The sandbox did not print its URL in time:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
  });
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  page.setDefaultTimeout(VISIBLE_MS);
  // "Reset sandbox" asks first, as a person would be asked.
  page.on("dialog", (dialog) => void dialog.accept());
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.goto(url);
  return {
    url,
    browser,
    page,
    output: () => output,
    stop: async () => {
      await browser.close();
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
      if (child.exitCode === null) child.kill("SIGKILL");
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

/** Chooses who the page shows the workspace as, by the name in the "You are" picker. */
export async function actAs(page: Page, name: string): Promise<void> {
  await page.getByLabel("You are").selectOption({ label: name });
}

/** A conversation or the Home tab, from the sidebar. */
export async function open(page: Page, where: string): Promise<void> {
  await page
    .getByRole("navigation", { name: "Conversations" })
    .getByRole("button", { name: where, exact: true })
    .click();
}

/** Types a message (a slash command) into the open conversation and sends it with Enter. */
export async function type(page: Page, text: string): Promise<void> {
  await page.getByRole("textbox", { name: "Message", exact: true }).fill(text);
  await page.getByRole("textbox", { name: "Message", exact: true }).press("Enter");
}

/** The newest message in the open conversation whose text matches. */
export function message(page: Page, text: RegExp): Locator {
  return page.getByRole("list", { name: "Messages" }).getByRole("article").filter({ hasText: text }).last();
}

let step = 0;

/** A numbered screenshot of the whole page under test-results/sandbox/. */
export async function screenshot(page: Page, name: string): Promise<void> {
  step += 1;
  await page.screenshot({ path: join(SCREENSHOTS, `${String(step).padStart(2, "0")}-${name}.png`), fullPage: true });
}
