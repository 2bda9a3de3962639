import { createHmac, randomUUID } from "node:crypto";
import type { FakeResponse } from "../fakes/http-fake.js";
import { slackLimitProblems } from "../fakes/slack-limits.js";
import {
  DIGEST_CHANNEL,
  GENERAL_CHANNEL,
  SANDBOX_BOT,
  SANDBOX_BOT_TOKEN,
  SANDBOX_PEOPLE,
  SANDBOX_SIGNING_SECRET,
  SANDBOX_TEAM,
  sandboxPerson,
} from "./sandbox-people.js";

/** Slack's own time limits, enforced as Slack enforces them. */
export const SLACK_LIMITS = {
  /** Slack shows "operation_timeout" when the app has not acknowledged within 3 seconds. */
  ackMs: 3000,
  /** A trigger_id can open a modal within 3 seconds of the interaction. */
  triggerMs: 3000,
  /** A response_url takes up to 5 posts within 30 minutes. */
  responseUrlMs: 30 * 60_000,
  responseUrlUses: 5,
} as const;

export interface SandboxFile {
  id: string;
  filename: string;
  title?: string;
  altText?: string;
  /** Base64, so the workspace can be saved as JSON. */
  bytes?: string;
}

export interface SandboxMessage {
  channel: string;
  ts: string;
  /** The bot, or the person who wrote it. */
  from: string;
  text?: string;
  blocks?: unknown[];
  threadTs?: string;
  files?: SandboxFile[];
  /** Only this person sees it (a slash command's answer, an explanation after a click). */
  visibleTo?: string;
  edited?: boolean;
}

export interface SandboxView {
  id: string;
  userId: string;
  view: Record<string, unknown>;
  /** Errors from a `response_action: "errors"` answer, block_id → message. */
  errors?: Record<string, string>;
}

/** Something the bot or the sandbox did that Slack would have refused or failed; the page shows these. */
export interface SandboxNotice {
  at: string;
  userId?: string;
  text: string;
}

interface ResponseUrl {
  userId: string;
  channel: string;
  issuedAt: number;
  uses: number;
  /** The message whose button was clicked, which `replace_original` replaces. */
  messageTs?: string;
}

export interface SavedSlack {
  messages: SandboxMessage[];
  homes: SandboxView[];
  files: SandboxFile[];
  nextTs: number;
}

export interface BotAnswer {
  status: number;
  body: string;
  contentType: string;
}

/** How the sandbox reaches the bot: a signed POST to its Slack events URL. */
export type SendToBot = (body: string, contentType: string) => Promise<BotAnswer>;

/** Fields Slack sends JSON-encoded inside form posts. */
const JSON_FIELDS = new Set(["blocks", "attachments", "view", "metadata", "files"]);

function dmOf(userId: string): string {
  return `D${userId.slice(1)}`;
}

function userOfDm(channel: string): string | undefined {
  const id = `U${channel.slice(1)}`;
  return channel.startsWith("D") && sandboxPerson(id) ? id : undefined;
}

/** Signs a request body the way Slack does: `v0=` HMAC-SHA256 of `v0:<timestamp>:<body>` under the signing secret. */
export function slackSignatureHeaders(body: string, secret = SANDBOX_SIGNING_SECRET, now = Date.now()) {
  const timestamp = String(Math.floor(now / 1000));
  const signature = `v0=${createHmac("sha256", secret).update(`v0:${timestamp}:${body}`).digest("hex")}`;
  return { "x-slack-request-timestamp": timestamp, "x-slack-signature": signature };
}

/**
 * The sandbox Slack workspace: the Web API methods the bot calls (answering in Slack's wire format and refusing
 * what Slack refuses), its `response_url`s and file uploads, and the people's side of it: slash commands, button
 * clicks, form submissions and the Home tab, each sent to the bot signed as Slack sends them.
 */
export class SandboxSlack {
  messages: SandboxMessage[] = [];
  private homes = new Map<string, SandboxView>();
  /** Each person's open modals, the top one last. */
  private modals = new Map<string, SandboxView[]>();
  private files = new Map<string, SandboxFile>();
  private triggers = new Map<string, { userId: string; issuedAt: number; used: boolean }>();
  private responseUrls = new Map<string, ResponseUrl>();
  notices: SandboxNotice[] = [];
  private nextTs = 1;
  /** Goes up with every change, so the page knows when to draw again. */
  version = 0;
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly baseUrl: () => string,
    private readonly sendToBot: SendToBot,
  ) {}

  load(saved: SavedSlack): void {
    this.messages = saved.messages;
    this.homes = new Map(saved.homes.map((home) => [home.userId, home]));
    this.files = new Map(saved.files.map((file) => [file.id, file]));
    this.nextTs = saved.nextTs;
    this.changed();
  }

  saved(): SavedSlack {
    return {
      messages: this.messages,
      homes: [...this.homes.values()],
      files: [...this.files.values()],
      nextTs: this.nextTs,
    };
  }

  reset(): void {
    this.load({ messages: [], homes: [], files: [], nextTs: 1 });
    this.modals.clear();
    this.triggers.clear();
    this.responseUrls.clear();
    this.notices = [];
    this.changed();
  }

  /** Calls `listener` after every change, until the returned function is called. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    this.version += 1;
    for (const listener of this.listeners) listener();
  }

  private notice(text: string, userId?: string): void {
    this.notices.push({ at: new Date().toISOString(), text, ...(userId ? { userId } : {}) });
    this.notices = this.notices.slice(-20);
    this.changed();
  }

  private ts(): string {
    const seconds = Math.floor(Date.now() / 1000);
    return `${seconds}.${String(this.nextTs++).padStart(6, "0")}`;
  }

  file(id: string): SandboxFile | undefined {
    return this.files.get(id);
  }

  /** What one person sees: their DM with the bot, the channels, the answers only they see, Home and modal. */
  viewFor(userId: string) {
    const visible = this.messages.filter(
      (message) =>
        (!message.visibleTo || message.visibleTo === userId) &&
        (message.channel.startsWith("C") || message.channel === dmOf(userId)),
    );
    return {
      dm: dmOf(userId),
      messages: visible,
      home: this.homes.get(userId) ?? null,
      modal: this.modals.get(userId)?.at(-1) ?? null,
      notices: this.notices.filter((notice) => !notice.userId || notice.userId === userId),
    };
  }

  // ——— The Web API, as the bot calls it ———

  answerApi(method: string, params: Record<string, unknown>, authorization: string | undefined): FakeResponse {
    const token = authorization?.replace(/^Bearer /, "") ?? params.token;
    if (token !== SANDBOX_BOT_TOKEN) return ok({ ok: false, error: "invalid_auth" });
    const problems = slackLimitProblems(params);
    if (problems.length > 0) {
      const error = problems.some((p) => p.startsWith("text over")) ? "msg_too_long" : "invalid_blocks";
      this.notice(`Slack refused ${method} (${error}): ${problems.join("; ")}`);
      return ok({ ok: false, error, errors: problems });
    }
    const answer = this.method(method, params);
    if (answer.ok === false) this.notice(`Slack answered ${method} with ${String(answer.error)}`);
    return ok(answer);
  }

  private method(method: string, params: Record<string, unknown>): Record<string, unknown> {
    switch (method) {
      case "auth.test":
        return {
          ok: true,
          url: `${this.baseUrl()}/`,
          team: SANDBOX_TEAM.name,
          user: "copilot",
          team_id: SANDBOX_TEAM.id,
          user_id: SANDBOX_BOT.userId,
          bot_id: SANDBOX_BOT.botId,
        };
      case "chat.postMessage": {
        const channel = this.channel(String(params.channel ?? ""));
        if (!channel) return { ok: false, error: "channel_not_found" };
        const message: SandboxMessage = {
          channel,
          ts: this.ts(),
          from: SANDBOX_BOT.userId,
          ...content(params),
          ...(params.thread_ts ? { threadTs: String(params.thread_ts) } : {}),
        };
        this.messages.push(message);
        this.changed();
        return { ok: true, channel, ts: message.ts, message: { text: message.text, ts: message.ts } };
      }
      case "chat.postEphemeral": {
        const channel = this.channel(String(params.channel ?? ""));
        const user = String(params.user ?? "");
        if (!channel) return { ok: false, error: "channel_not_found" };
        if (!sandboxPerson(user)) return { ok: false, error: "user_not_in_channel" };
        this.messages.push({ channel, ts: this.ts(), from: SANDBOX_BOT.userId, visibleTo: user, ...content(params) });
        this.changed();
        return { ok: true, message_ts: this.messages.at(-1)?.ts };
      }
      case "chat.update": {
        const channel = this.channel(String(params.channel ?? ""));
        const message = this.messages.find((m) => m.channel === channel && m.ts === params.ts && !m.visibleTo);
        if (!message) return { ok: false, error: "message_not_found" };
        Object.assign(message, { blocks: undefined, text: undefined }, content(params), { edited: true });
        this.changed();
        return { ok: true, channel, ts: message.ts, text: message.text };
      }
      case "users.info": {
        const id = String(params.user);
        if (id === SANDBOX_BOT.userId) return { ok: true, user: userObject(id, SANDBOX_BOT.name, { is_bot: true }) };
        const person = sandboxPerson(id);
        if (!person) return { ok: false, error: "user_not_found" };
        return {
          ok: true,
          user: userObject(person.id, person.name, {
            is_restricted: person.guest ?? false,
            is_ultra_restricted: false,
          }),
        };
      }
      case "users.list": {
        // The sandbox's few people fit one page, whatever the limit; the identity sync reads them with their emails.
        const members = [
          userObject(SANDBOX_BOT.userId, SANDBOX_BOT.name, { is_bot: true }),
          ...SANDBOX_PEOPLE.map((person) =>
            userObject(person.id, person.name, { is_restricted: person.guest ?? false }),
          ),
        ];
        return { ok: true, members, response_metadata: { next_cursor: "" } };
      }
      case "users.lookupByEmail": {
        const person = SANDBOX_PEOPLE.find(
          (candidate) => emailOf(candidate.name) === String(params.email ?? "").toLowerCase(),
        );
        if (!person) return { ok: false, error: "users_not_found" };
        return { ok: true, user: userObject(person.id, person.name, { is_restricted: person.guest ?? false }) };
      }
      case "conversations.open": {
        const user = String(params.users ?? "").split(",")[0] ?? "";
        if (!sandboxPerson(user)) return { ok: false, error: "user_not_found" };
        return { ok: true, channel: { id: dmOf(user) } };
      }
      case "files.getUploadURLExternal": {
        const id = `F${String(this.nextTs++).padStart(8, "0")}`;
        const altText = params.alt_text ?? params.alt_txt;
        this.files.set(id, {
          id,
          filename: String(params.filename ?? "file"),
          ...(typeof altText === "string" ? { altText } : {}),
        });
        return { ok: true, upload_url: `${this.baseUrl()}/upload/${id}`, file_id: id };
      }
      case "files.completeUploadExternal": {
        const listed = (params.files ?? []) as { id: string; title?: string }[];
        const shared: SandboxFile[] = [];
        for (const entry of listed) {
          const file = this.files.get(entry.id);
          if (!file?.bytes) return { ok: false, error: "file_not_found" };
          if (entry.title) file.title = entry.title;
          shared.push(file);
        }
        const channel = params.channel_id ? this.channel(String(params.channel_id)) : undefined;
        if (params.channel_id && !channel) return { ok: false, error: "channel_not_found" };
        if (channel) {
          this.messages.push({
            channel,
            ts: this.ts(),
            from: SANDBOX_BOT.userId,
            ...(params.initial_comment ? { text: String(params.initial_comment) } : {}),
            ...(params.thread_ts ? { threadTs: String(params.thread_ts) } : {}),
            files: shared,
          });
          this.changed();
        }
        return { ok: true, files: shared.map((file) => ({ id: file.id, title: file.title ?? file.filename })) };
      }
      case "views.open":
      case "views.push": {
        const trigger = this.triggers.get(String(params.trigger_id ?? ""));
        if (!trigger) return { ok: false, error: "invalid_trigger_id" };
        // Slack gives a trigger_id three seconds; a bot that waits longer (on GitHub, say) never opens its modal.
        if (trigger.used || Date.now() - trigger.issuedAt > SLACK_LIMITS.triggerMs) {
          return { ok: false, error: "expired_trigger_id" };
        }
        trigger.used = true;
        const view = this.newView(trigger.userId, params.view as Record<string, unknown>);
        const stack = method === "views.open" ? [] : (this.modals.get(trigger.userId) ?? []);
        this.modals.set(trigger.userId, [...stack, view]);
        this.changed();
        return { ok: true, view: { id: view.id, ...view.view } };
      }
      case "views.update": {
        for (const [userId, stack] of this.modals) {
          const index = stack.findIndex((v) => v.id === params.view_id || v.view.external_id === params.external_id);
          if (index < 0) continue;
          stack[index] = this.newView(userId, params.view as Record<string, unknown>, stack[index]?.id);
          this.changed();
          return { ok: true, view: { id: stack[index]?.id, ...(params.view as object) } };
        }
        return { ok: false, error: "not_found" };
      }
      case "views.publish": {
        const userId = String(params.user_id ?? "");
        if (!sandboxPerson(userId)) return { ok: false, error: "user_not_found" };
        const view = this.newView(userId, params.view as Record<string, unknown>, this.homes.get(userId)?.id);
        this.homes.set(userId, view);
        this.changed();
        return { ok: true, view: { id: view.id, ...view.view } };
      }
      default:
        return { ok: false, error: "unknown_method" };
    }
  }

  /** A channel ID the workspace knows: a person's ID stands for the bot's DM with them, as in Slack. */
  private channel(id: string): string | undefined {
    if (sandboxPerson(id)) return dmOf(id);
    if (userOfDm(id)) return id;
    if (id === GENERAL_CHANNEL.id || id === DIGEST_CHANNEL.id) return id;
    return undefined;
  }

  /** Slack gives every block a block_id when the app sent none; input values are keyed by it. */
  private newView(userId: string, view: Record<string, unknown>, id = `V${randomUUID().slice(0, 10).toUpperCase()}`) {
    const blocks = ((view.blocks ?? []) as Record<string, unknown>[]).map((block, index) => ({
      ...block,
      block_id: block.block_id ?? `b${index}`,
    }));
    return { id, userId, view: { ...view, blocks } };
  }

  storeUpload(fileId: string, bytes: Buffer): boolean {
    const file = this.files.get(fileId);
    if (!file) return false;
    file.bytes = bytes.toString("base64");
    return true;
  }

  /** A post to a response_url: at most 5 within 30 minutes, as Slack allows. */
  answerResponseUrl(id: string, params: Record<string, unknown>): FakeResponse {
    const url = this.responseUrls.get(id);
    if (!url || Date.now() - url.issuedAt > SLACK_LIMITS.responseUrlMs) {
      this.notice("The bot posted to a response_url that has expired (they last 30 minutes).");
      return { status: 404, body: "expired_url", headers: { "content-type": "text/plain" } };
    }
    if (url.uses >= SLACK_LIMITS.responseUrlUses) {
      this.notice("The bot posted to a response_url more than 5 times.", url.userId);
      return { status: 404, body: "used_url", headers: { "content-type": "text/plain" } };
    }
    const problems = slackLimitProblems(params);
    if (problems.length > 0) {
      this.notice(`Slack refused a response_url post (invalid_blocks): ${problems.join("; ")}`, url.userId);
      return { status: 400, body: "invalid_blocks", headers: { "content-type": "text/plain" } };
    }
    url.uses += 1;
    const original = url.messageTs
      ? this.messages.find((m) => m.channel === url.channel && m.ts === url.messageTs)
      : undefined;
    if (params.delete_original === true || params.delete_original === "true") {
      if (original) this.messages = this.messages.filter((m) => m !== original);
    } else if ((params.replace_original === true || params.replace_original === "true") && original) {
      Object.assign(original, { blocks: undefined, text: undefined }, content(params), { edited: true });
    } else {
      const inChannel = params.response_type === "in_channel";
      this.messages.push({
        channel: url.channel,
        ts: this.ts(),
        from: SANDBOX_BOT.userId,
        ...content(params),
        ...(inChannel ? {} : { visibleTo: url.userId }),
      });
    }
    this.changed();
    return { status: 200, body: "ok", headers: { "content-type": "text/plain" } };
  }

  // ——— The people's side: what they do in the page, sent to the bot as Slack sends it ———

  private newTrigger(userId: string): string {
    const id = `${Date.now()}.${randomUUID().replace(/-/g, "").slice(0, 12)}`;
    this.triggers.set(id, { userId, issuedAt: Date.now(), used: false });
    return id;
  }

  private newResponseUrl(userId: string, channel: string, messageTs?: string): string {
    const id = randomUUID();
    this.responseUrls.set(id, { userId, channel, issuedAt: Date.now(), uses: 0, ...(messageTs ? { messageTs } : {}) });
    return `${this.baseUrl()}/response/${id}`;
  }

  /** A slash command typed in a conversation. Only `/copilot` is installed in this workspace. */
  async command(userId: string, channelId: string, typed: string): Promise<void> {
    const person = sandboxPerson(userId);
    const channel = this.channel(channelId);
    if (!person || !channel) throw new SandboxInputError("Pick a person and a conversation first.");
    const [command = ""] = typed.trim().split(/\s+/);
    if (command !== "/copilot") {
      this.ephemeral(
        userId,
        channel,
        `${command || "That"} is not a valid command. In this sandbox, try /copilot help.`,
      );
      return;
    }
    const body = new URLSearchParams({
      token: "sandbox-verification-token",
      team_id: SANDBOX_TEAM.id,
      team_domain: SANDBOX_TEAM.domain,
      channel_id: channel,
      channel_name: channel.startsWith("D") ? "directmessage" : channelName(channel),
      user_id: userId,
      user_name: person.name.split(" ")[0]?.toLowerCase() ?? userId,
      command,
      text: typed.trim().slice(command.length).trim(),
      api_app_id: SANDBOX_BOT.appId,
      is_enterprise_install: "false",
      response_url: this.newResponseUrl(userId, channel),
      trigger_id: this.newTrigger(userId),
    }).toString();
    const answer = await this.deliver(body, "application/x-www-form-urlencoded", userId, channel, "/copilot");
    // The command's immediate answer (Bolt's `respond` through ack) is shown only to whoever typed it.
    if (answer?.body) {
      const parsed = parseAnswer(answer);
      this.messages.push({ channel, ts: this.ts(), from: SANDBOX_BOT.userId, visibleTo: userId, ...content(parsed) });
      this.changed();
    }
  }

  /** A button click or a selection, in a message, the Home tab or a modal. */
  async action(input: ActionInput): Promise<void> {
    const person = sandboxPerson(input.userId);
    if (!person) throw new SandboxInputError("Pick a person first.");
    const triggerId = this.newTrigger(input.userId);
    const user = { id: person.id, username: person.name, name: person.name, team_id: SANDBOX_TEAM.id };
    const action = {
      ...input.action,
      action_id: input.actionId,
      block_id: input.blockId,
      action_ts: String(Date.now() / 1000),
    };
    let surface: Record<string, unknown>;
    let channelForErrors: string | undefined;
    if (input.where.type === "message") {
      const { channel, ts } = input.where;
      const message = this.messages.find((m) => m.channel === channel && m.ts === ts);
      if (!message) throw new SandboxInputError("That message is gone.");
      channelForErrors = channel;
      surface = {
        container: { type: "message", message_ts: ts, channel_id: channel, is_ephemeral: Boolean(message.visibleTo) },
        channel: { id: channel, name: channel.startsWith("D") ? "directmessage" : channelName(channel) },
        message: { type: "message", ts, text: message.text ?? "", blocks: message.blocks ?? [], user: message.from },
        response_url: this.newResponseUrl(input.userId, channel, message.visibleTo ? undefined : ts),
      };
    } else {
      const view =
        input.where.type === "home"
          ? this.homes.get(input.userId)
          : this.modals.get(input.userId)?.find((v) => v.id === (input.where as { viewId: string }).viewId);
      if (!view) throw new SandboxInputError("That view is gone.");
      surface = {
        container: { type: "view", view_id: view.id },
        view: this.viewPayload(view, input.values ?? {}),
      };
    }
    const payload = {
      type: "block_actions",
      user,
      api_app_id: SANDBOX_BOT.appId,
      token: "sandbox-verification-token",
      trigger_id: triggerId,
      team: { id: SANDBOX_TEAM.id, domain: SANDBOX_TEAM.domain },
      is_enterprise_install: false,
      ...surface,
      actions: [action],
    };
    const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
    await this.deliver(body, "application/x-www-form-urlencoded", input.userId, channelForErrors, "the button");
  }

  /** A modal's Submit: a `view_submission`, then whatever the bot answered (errors, update, push, clear). */
  async submit(userId: string, viewId: string, values: StateValues): Promise<void> {
    const person = sandboxPerson(userId);
    const stack = this.modals.get(userId) ?? [];
    const view = stack.find((v) => v.id === viewId);
    if (!person || !view) throw new SandboxInputError("That form is no longer open.");
    const payload = {
      type: "view_submission",
      team: { id: SANDBOX_TEAM.id, domain: SANDBOX_TEAM.domain },
      user: { id: person.id, username: person.name, name: person.name, team_id: SANDBOX_TEAM.id },
      api_app_id: SANDBOX_BOT.appId,
      token: "sandbox-verification-token",
      trigger_id: this.newTrigger(userId),
      view: this.viewPayload(view, values),
      response_urls: [],
      is_enterprise_install: false,
    };
    const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
    const answer = await this.deliver(body, "application/x-www-form-urlencoded", userId, undefined, "the form");
    if (!answer) return;
    const parsed = answer.body ? (parseAnswer(answer) as Record<string, unknown>) : {};
    switch (parsed.response_action) {
      case "errors":
        view.errors = (parsed.errors ?? {}) as Record<string, string>;
        break;
      case "update":
        stack[stack.indexOf(view)] = this.newView(userId, parsed.view as Record<string, unknown>, view.id);
        break;
      case "push":
        stack.push(this.newView(userId, parsed.view as Record<string, unknown>));
        break;
      case "clear":
        this.modals.delete(userId);
        break;
      default:
        this.modals.set(
          userId,
          stack.filter((v) => v !== view),
        );
    }
    this.changed();
  }

  /** Cancel or ×: the modal closes. The bot hears of it only if it asked (`notify_on_close`), which it does not. */
  closeModal(userId: string, viewId: string): void {
    const stack = this.modals.get(userId) ?? [];
    this.modals.set(
      userId,
      stack.filter((v) => v.id !== viewId),
    );
    this.changed();
  }

  /** Opening the app's Home tab: Slack sends `app_home_opened` every time. */
  async openHome(userId: string): Promise<void> {
    if (!sandboxPerson(userId)) throw new SandboxInputError("Pick a person first.");
    const body = JSON.stringify({
      token: "sandbox-verification-token",
      team_id: SANDBOX_TEAM.id,
      api_app_id: SANDBOX_BOT.appId,
      type: "event_callback",
      event_id: `Ev${randomUUID().replace(/-/g, "").slice(0, 12).toUpperCase()}`,
      event_time: Math.floor(Date.now() / 1000),
      authorizations: [{ team_id: SANDBOX_TEAM.id, user_id: SANDBOX_BOT.userId, is_bot: true }],
      event: {
        type: "app_home_opened",
        user: userId,
        channel: dmOf(userId),
        tab: "home",
        event_ts: `${Date.now() / 1000}`,
        ...(this.homes.get(userId) ? { view: this.homes.get(userId)?.view } : {}),
      },
    });
    await this.deliver(body, "application/json", userId, undefined, "the Home tab");
  }

  private viewPayload(view: SandboxView, values: StateValues) {
    return {
      id: view.id,
      team_id: SANDBOX_TEAM.id,
      type: view.view.type,
      callback_id: view.view.callback_id ?? "",
      private_metadata: view.view.private_metadata ?? "",
      external_id: view.view.external_id ?? "",
      title: view.view.title,
      blocks: view.view.blocks,
      state: { values },
      hash: `${view.id}.hash`,
      app_id: SANDBOX_BOT.appId,
      bot_id: SANDBOX_BOT.botId,
    };
  }

  /**
   * Sends one request to the bot and waits for its acknowledgement as Slack does: at most 3 seconds. A late or
   * failed answer is what Slack would show the person: "operation_timeout" or "dispatch_failed".
   */
  private async deliver(
    body: string,
    contentType: string,
    userId: string,
    channel: string | undefined,
    what: string,
  ): Promise<BotAnswer | undefined> {
    let answer: BotAnswer;
    try {
      answer = await Promise.race([
        this.sendToBot(body, contentType),
        new Promise<never>((_, reject) => setTimeout(() => reject(new AckTimeoutError()), SLACK_LIMITS.ackMs).unref()),
      ]);
    } catch (error) {
      const code = error instanceof AckTimeoutError ? "operation_timeout" : "dispatch_failed";
      this.failed(userId, channel, `${what} failed with the error "${code}"`);
      return undefined;
    }
    if (answer.status !== 200) {
      this.failed(
        userId,
        channel,
        `${what} failed with the error "dispatch_failed" (the app answered ${answer.status})`,
      );
      return undefined;
    }
    return answer;
  }

  private failed(userId: string, channel: string | undefined, text: string): void {
    if (channel) this.ephemeral(userId, channel, text);
    else this.notice(text, userId);
  }

  private ephemeral(userId: string, channel: string, text: string): void {
    this.messages.push({ channel, ts: this.ts(), from: "Slackbot", visibleTo: userId, text });
    this.changed();
  }
}

export type StateValues = Record<string, Record<string, Record<string, unknown>>>;

export interface ActionInput {
  userId: string;
  where: { type: "message"; channel: string; ts: string } | { type: "home" } | { type: "modal"; viewId: string };
  blockId: string;
  actionId: string;
  /** The element's part of the action: type, value, text, selected_user, selected_option. */
  action: Record<string, unknown>;
  /** In a modal, what is typed in its inputs so far. */
  values?: StateValues;
}

/** Something the page asked that cannot be done; answered with 400 and the message. */
export class SandboxInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SandboxInputError";
  }
}

class AckTimeoutError extends Error {
  constructor() {
    super("The app did not acknowledge within 3 seconds");
    this.name = "AckTimeoutError";
  }
}

function channelName(id: string): string {
  return id === DIGEST_CHANNEL.id ? DIGEST_CHANNEL.name : GENERAL_CHANNEL.name;
}

function content(params: Record<string, unknown>): Pick<SandboxMessage, "text" | "blocks"> {
  return {
    ...(typeof params.text === "string" ? { text: params.text } : {}),
    ...(Array.isArray(params.blocks) ? { blocks: params.blocks } : {}),
  };
}

function parseAnswer(answer: BotAnswer): Record<string, unknown> {
  if (answer.contentType.includes("application/json")) {
    try {
      return JSON.parse(answer.body) as Record<string, unknown>;
    } catch {
      return { text: answer.body };
    }
  }
  return { text: answer.body };
}

function userObject(id: string, name: string, flags: Record<string, boolean>) {
  return {
    id,
    team_id: SANDBOX_TEAM.id,
    name: name.split(" ")[0]?.toLowerCase() ?? id,
    real_name: name,
    profile: { real_name: name, display_name: name, email: emailOf(name) },
    deleted: false,
    is_bot: false,
    is_app_user: false,
    is_restricted: false,
    is_ultra_restricted: false,
    ...flags,
  };
}

/** Everyone in the sandbox workspace has an address at the sandbox company: riley.requester@acme-sandbox.example. */
function emailOf(name: string): string {
  return `${name.toLowerCase().replace(/\s+/g, ".")}@acme-sandbox.example`;
}

function ok(body: Record<string, unknown>): FakeResponse {
  return { status: 200, body };
}

/** A Web API call's parameters, form-encoded or JSON, with Slack's JSON-in-form fields decoded. */
export function parseSlackParams(rawBody: string, contentType: string | undefined): Record<string, unknown> {
  if (!rawBody) return {};
  if (contentType?.includes("application/json")) return JSON.parse(rawBody) as Record<string, unknown>;
  const params: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(rawBody)) {
    params[key] = JSON_FIELDS.has(key) ? JSON.parse(value) : value;
  }
  return params;
}
