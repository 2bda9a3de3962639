// The sandbox workspace's page: asks the sandbox for what the chosen person sees (a long poll, answered as soon as
// anything changes), and turns what they do into the sandbox's requests, which the sandbox sends to the bot signed
// as Slack would.
import { h, mrkdwn, renderBlocks } from "./block-kit.js";

const $ = (selector) => document.querySelector(selector);

const view = {
  /** The person whose workspace is shown. */
  me: localStorage.getItem("sandbox-person") ?? "U0REQUESTER",
  /** "home", the DM with the bot ("dm"), or a channel ID. */
  conversation: localStorage.getItem("sandbox-conversation") ?? "dm",
  state: undefined,
  drawn: {},
};

async function post(path, body) {
  const response = await fetch(path, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ userId: view.me, ...body }),
  });
  if (!response.ok) {
    const answer = await response.json().catch(() => ({}));
    showNotice(answer.error ?? `The sandbox answered ${response.status}.`);
  }
}

function showNotice(text) {
  $("#notices").replaceChildren(h("p", { class: "notice" }, [text]));
}

function people() {
  return new Map((view.state?.people ?? []).map((person) => [person.id, person.name]));
}

function nameOf(id) {
  if (id === view.state?.bot.userId) return view.state.bot.name;
  return people().get(id) ?? id;
}

/** Draws a part of the page again only when what it shows changed, so typing and focus survive the polling. */
function drawIfChanged(part, data, draw) {
  const key = JSON.stringify(data);
  if (view.drawn[part] === key) return;
  view.drawn[part] = key;
  draw();
}

function draw() {
  const state = view.state;
  if (!state) return;
  drawIfChanged("people", [state.people, view.me], drawPeople);
  drawIfChanged("nav", [view.conversation, state.channels], drawNav);
  drawIfChanged("notices", state.notices, () =>
    $("#notices").replaceChildren(...state.notices.slice(-3).map((n) => h("p", { class: "notice" }, [n.text]))),
  );
  const inHome = view.conversation === "home";
  $("#home").hidden = !inHome;
  $("#messages").hidden = inHome;
  $("#composer").hidden = inHome;
  if (inHome) drawIfChanged("home", [state.home, view.me], drawHome);
  else drawIfChanged("messages", [state.messages, view.conversation, view.me], drawMessages);
  drawIfChanged("modal", [state.modal, view.me], drawModal);
  drawIfChanged("github", state.github, drawGitHub);
  drawIfChanged("running", state.running, () => {
    $("#jobs-status").textContent = state.running.length > 0 ? `Running: ${state.running.join(", ")}…` : "";
  });
}

function drawPeople() {
  const select = $("#person");
  select.replaceChildren(
    ...view.state.people.map((person) => h("option", { value: person.id }, [`${person.name} (${person.role})`])),
  );
  select.value = view.me;
}

function conversationTitle() {
  if (view.conversation === "home") return `${view.state.bot.name}: Home`;
  if (view.conversation === "dm") return `${view.state.bot.name}: Messages`;
  const channel = view.state.channels.find((c) => c.id === view.conversation);
  return `#${channel?.name ?? view.conversation}`;
}

function drawNav() {
  const item = (key, label) => {
    const button = h("button", { type: "button" }, [label]);
    if (view.conversation === key) button.setAttribute("aria-current", "page");
    button.addEventListener("click", () => openConversation(key));
    return h("li", {}, [button]);
  };
  $("#apps").replaceChildren(item("home", "Home"), item("dm", view.state.bot.name));
  $("#channels").replaceChildren(...view.state.channels.map((channel) => item(channel.id, `# ${channel.name}`)));
  $("#conversation-title").textContent = conversationTitle();
}

function openConversation(key) {
  view.conversation = key;
  localStorage.setItem("sandbox-conversation", key);
  draw();
  // Slack tells the app each time someone opens its Home tab.
  if (key === "home") post("/sandbox/home", {});
}

function channelId() {
  return view.conversation === "dm" ? view.state.dm : view.conversation;
}

function time(ts) {
  return new Date(Number(ts.split(".")[0]) * 1000).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
}

function drawMessages() {
  const channel = channelId();
  const context = (message) => ({
    people: people(),
    onAction: (blockId, element, action) =>
      post("/sandbox/action", {
        where: { type: "message", channel: message.channel, ts: message.ts },
        blockId,
        actionId: element.action_id,
        action,
      }),
  });
  const inChannel = view.state.messages.filter((message) => message.channel === channel);
  const isReply = (message) => message.threadTs && message.threadTs !== message.ts;
  const article = (message) => {
    const meta = h("p", { class: "meta" }, [
      h("strong", {}, [message.from === "Slackbot" ? "Slackbot" : nameOf(message.from)]),
      ` ${time(message.ts)}`,
      ...(message.edited ? [" (edited)"] : []),
      ...(message.visibleTo ? [h("span", { class: "only-you" }, [" · Only visible to you"])] : []),
    ]);
    const body = h("div", { class: "body" });
    if (message.blocks?.length) body.append(renderBlocks(message.blocks, context(message)));
    else if (message.text) body.append(mrkdwn(message.text, context(message)));
    for (const file of message.files ?? []) {
      const label = file.title ?? file.filename;
      body.append(
        h("figure", { class: "file" }, [
          file.filename.endsWith(".png")
            ? h("img", { src: `/sandbox/files/${file.id}`, alt: file.altText ?? label })
            : h("a", { href: `/sandbox/files/${file.id}`, download: file.filename }, [file.filename]),
          h("figcaption", {}, [label]),
        ]),
      );
    }
    const replies = inChannel.filter((reply) => isReply(reply) && reply.threadTs === message.ts);
    const thread =
      replies.length > 0
        ? [
            h(
              "ol",
              {
                class: "thread",
                "aria-label": `Thread: ${replies.length} ${replies.length === 1 ? "reply" : "replies"}`,
              },
              [...replies.map((reply) => h("li", { class: "message" }, [article(reply)]))],
            ),
          ]
        : [];
    return h("article", { "aria-label": `Message from ${nameOf(message.from)}` }, [meta, body, ...thread]);
  };
  const items = inChannel
    .filter((message) => !isReply(message) || !inChannel.some((parent) => parent.ts === message.threadTs))
    .map((message) => h("li", { class: "message" }, [article(message)]));
  // The list is drawn anew each time; only what arrived since is announced, not the whole conversation again.
  const seen = view.seen?.channel === channel && view.seen.me === view.me ? view.seen.ts : undefined;
  const arrived = seen ? inChannel.filter((message) => !seen.has(message.ts)) : [];
  if (arrived.length > 0) {
    $("#announcer").textContent = arrived.map((message) => `New message from ${nameOf(message.from)}`).join(". ");
  }
  view.seen = { channel, me: view.me, ts: new Set(inChannel.map((message) => message.ts)) };
  if (items.length === 0) {
    const hint =
      view.conversation === "dm"
        ? " To begin, type /copilot request below as Riley Requester, then choose Morgan Manager under “You are” to decide it."
        : "";
    items.push(h("li", { class: "message empty" }, [`No messages yet.${hint}`]));
  }
  $("#messages").replaceChildren(...items);
  $("#messages").lastElementChild?.scrollIntoView({ block: "end" });
}

function drawHome() {
  const home = view.state.home;
  const section = $("#home");
  if (!home) {
    section.replaceChildren(h("p", {}, ["The app has not drawn a Home tab for you yet."]));
    return;
  }
  section.replaceChildren(
    renderBlocks(home.view.blocks, {
      people: people(),
      onAction: (blockId, element, action) =>
        post("/sandbox/action", { where: { type: "home" }, blockId, actionId: element.action_id, action }),
    }),
  );
}

let modalInputs = [];

function modalValues() {
  const values = {};
  for (const input of modalInputs) {
    values[input.blockId] ??= {};
    values[input.blockId][input.actionId] = input.read();
  }
  return values;
}

function drawModal() {
  const dialog = $("#modal");
  const modal = view.state.modal;
  if (!modal) {
    if (dialog.open) dialog.close();
    return;
  }
  modalInputs = [];
  $("#modal-title").textContent = modal.view.title?.text ?? "";
  $("#modal-submit").textContent = modal.view.submit?.text ?? "Submit";
  $("#modal-submit").hidden = !modal.view.submit;
  $("#modal-close").textContent = modal.view.close?.text ?? "Cancel";
  $("#modal-body").replaceChildren(
    renderBlocks(modal.view.blocks, {
      people: people(),
      inputs: modalInputs,
      errors: modal.errors,
      onAction: (blockId, element, action) =>
        post("/sandbox/action", {
          where: { type: "modal", viewId: modal.id },
          blockId,
          actionId: element.action_id,
          action,
          values: modalValues(),
        }),
    }),
  );
  if (!dialog.open) dialog.showModal();
  const firstError = dialog.querySelector("[aria-describedby] + .error-text, .error-text");
  (firstError?.previousElementSibling ?? dialog.querySelector("input, textarea, select"))?.focus();
}

function relative(iso) {
  if (!iso) return "never";
  const days = Math.floor((Date.now() - Date.parse(iso)) / 86_400_000);
  if (days <= 0) return "today";
  if (days === 1) return "yesterday";
  return `${days} days ago`;
}

function drawGitHub() {
  const github = view.state.github;
  $("#github-title").textContent = `GitHub organization: ${github.organization}`;
  $("#seats tbody").replaceChildren(
    ...github.seats.map((seat) => {
      // Idle as the digest counts it: no activity for 30 days, on a seat held for at least 30 days.
      const since = Date.parse(seat.lastActivityAt ?? seat.assignedOn);
      const idleDays = (Date.now() - since) / 86_400_000;
      const notes = [
        seat.assigningTeam ? `via team ${seat.assigningTeam}` : "",
        seat.pendingCancellationDate ? `ends ${seat.pendingCancellationDate}` : "",
        seat.lastActivityEditor ?? "",
      ].filter(Boolean);
      return h("tr", {}, [
        h("th", { scope: "row" }, [seat.login]),
        h("td", {}, [seat.assignedOn]),
        h("td", idleDays > 30 ? { class: "idle" } : {}, [relative(seat.lastActivityAt)]),
        h("td", {}, [notes.join(", ")]),
      ]);
    }),
  );
  $("#contract").hidden = github.contractViolations.length === 0;
  $("#contract ul").replaceChildren(...github.contractViolations.map((violation) => h("li", {}, [violation])));
  const pending = github.faults.find((fault) => fault.name === github.pendingFault);
  $("#fault-status").textContent = pending ? `fails with ${pending.label}` : "succeeds";
  $("#faults").replaceChildren(
    h("legend", {}, ["The next seat assignment"]),
    $("#fault-status"),
    ...github.faults.map((fault) => {
      const button = h("button", { type: "button" }, [`Fail with ${fault.label}`]);
      button.addEventListener("click", () => post("/sandbox/github-fault", { fault: fault.name }));
      return button;
    }),
    ...(pending
      ? [
          (() => {
            const button = h("button", { type: "button" }, ["Let it succeed"]);
            button.addEventListener("click", () => post("/sandbox/github-fault", { fault: null }));
            return button;
          })(),
        ]
      : []),
  );
}

async function poll() {
  let version = -1;
  let user = view.me;
  for (;;) {
    try {
      if (user !== view.me) version = -1;
      user = view.me;
      const response = await fetch(`/sandbox/state?user=${encodeURIComponent(user)}&after=${version}`);
      const state = await response.json();
      if (user !== view.me) continue;
      version = state.version;
      view.state = state;
      draw();
    } catch {
      showNotice("The sandbox is not answering; is npm start still running?");
      await new Promise((resolve) => setTimeout(resolve, 2000));
    }
  }
}

function wire() {
  $("#person").addEventListener("change", (event) => {
    view.me = event.target.value;
    localStorage.setItem("sandbox-person", view.me);
    view.drawn = {};
    refresh().then(() => {
      if (view.conversation === "home") post("/sandbox/home", {});
    });
  });
  $("#composer").addEventListener("submit", async (event) => {
    event.preventDefault();
    const input = $("#message");
    const text = input.value.trim();
    if (!text) return;
    input.value = "";
    await post("/sandbox/command", { channel: channelId(), text });
  });
  $("#modal-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const modal = view.state?.modal;
    if (!modal) return;
    const submit = $("#modal-submit");
    submit.disabled = true;
    try {
      await post("/sandbox/submit", { viewId: modal.id, values: modalValues() });
    } finally {
      submit.disabled = false;
    }
  });
  const close = () => {
    const modal = view.state?.modal;
    if (modal) post("/sandbox/close", { viewId: modal.id });
  };
  $("#modal-close").addEventListener("click", close);
  $("#modal").addEventListener("cancel", (event) => {
    event.preventDefault();
    close();
  });
  for (const button of document.querySelectorAll("[data-job]")) {
    button.addEventListener("click", async () => {
      button.disabled = true;
      try {
        await post("/sandbox/run", { job: button.dataset.job });
      } finally {
        button.disabled = false;
      }
    });
  }
  $("#reset").addEventListener("click", async () => {
    if (!window.confirm("Start the sandbox over? Every message, request and seat change is forgotten.")) return;
    await post("/sandbox/reset", {});
    view.drawn = {};
    await refresh();
  });
}

async function refresh() {
  const response = await fetch(`/sandbox/state?user=${encodeURIComponent(view.me)}`);
  view.state = await response.json();
  draw();
}

wire();
await refresh();
if (view.conversation === "home") post("/sandbox/home", {});
poll();
