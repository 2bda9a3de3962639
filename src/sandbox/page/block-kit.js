// Draws Slack's Block Kit as plain, accessible HTML: the blocks and elements this bot sends. Anything else is shown
// as a visible "Unsupported block" warning, never dropped, so a bot change that Slack would render differently is
// noticed here.

/** @param {string} tag @param {Record<string, string>} [attributes] @param {(Node|string)[]} [children] */
export function h(tag, attributes = {}, children = []) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name === "class") element.className = value;
    else element.setAttribute(name, value);
  }
  for (const child of children) element.append(child);
  return element;
}

function unsupported(what) {
  return h("div", { class: "unsupported", role: "note" }, [`Unsupported ${what} (the sandbox cannot show it)`]);
}

/** The emoji the bot's messages use, by Slack's short names; any other `:name:` stays as typed. */
const EMOJI = {
  alarm_clock: "⏰",
  arrow_right: "➡️",
  gear: "⚙️",
  hourglass: "⌛",
  hourglass_flowing_sand: "⏳",
  incoming_envelope: "📨",
  leftwards_arrow_with_hook: "↩️",
  mag: "🔍",
  no_entry: "⛔",
  repeat: "🔁",
  rotating_light: "🚨",
  tada: "🎉",
  warning: "⚠️",
  white_check_mark: "✅",
  x: "❌",
};
const withEmoji = (text) => text.replace(/:([a-z0-9_+-]+):/g, (whole, name) => EMOJI[name] ?? whole);

const ENTITIES = { "&amp;": "&", "&lt;": "<", "&gt;": ">" };
const decodeEntities = (text) => text.replace(/&(amp|lt|gt);/g, (entity) => ENTITIES[entity]);

/** Slack's `<…>` tokens: mentions, channels, links, special mentions and dates. */
function token(inner, context) {
  const [target, label] = inner.split("|", 2);
  if (target.startsWith("@")) {
    const name = context.people.get(target.slice(1)) ?? target.slice(1);
    return h("span", { class: "mention" }, [`@${name}`]);
  }
  if (target.startsWith("#")) return h("span", { class: "mention" }, [`#${label ?? target.slice(1)}`]);
  if (target.startsWith("!date")) return document.createTextNode(decodeEntities(label ?? ""));
  if (target.startsWith("!")) return h("span", { class: "mention" }, [`@${target.slice(1)}`]);
  if (/^(https?|mailto):/.test(target)) {
    return h("a", { href: decodeEntities(target), target: "_blank", rel: "noreferrer" }, [
      decodeEntities(label ?? target),
    ]);
  }
  return document.createTextNode(decodeEntities(`<${inner}>`));
}

/** Inline formatting of one line: `code`, *bold*, _italic_, ~strike~ and `<…>` tokens. */
function inline(text, context) {
  const fragment = document.createDocumentFragment();
  const pattern = /`([^`]+)`|<([^>]+)>|\*([^*\n]+)\*|(?<![\w])_([^_\n]+)_(?![\w])|~([^~\n]+)~/g;
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    fragment.append(decodeEntities(text.slice(last, match.index)));
    const [, code, link, bold, italic, strike] = match;
    if (code !== undefined) fragment.append(h("code", {}, [decodeEntities(code)]));
    else if (link !== undefined) fragment.append(token(link, context));
    else if (bold !== undefined) fragment.append(h("strong", {}, [inline(bold, context)]));
    else if (italic !== undefined) fragment.append(h("em", {}, [inline(italic, context)]));
    else fragment.append(h("s", {}, [inline(strike, context)]));
    last = match.index + match[0].length;
  }
  fragment.append(decodeEntities(text.slice(last)));
  return fragment;
}

/** Slack mrkdwn to HTML: ``` blocks, > quotes, lines, and the inline formatting above. */
export function mrkdwn(text, context) {
  const container = h("div", { class: "mrkdwn" });
  const parts = withEmoji(text).split("```");
  parts.forEach((part, index) => {
    if (index % 2 === 1) {
      container.append(h("pre", {}, [decodeEntities(part.replace(/^\n/, ""))]));
      return;
    }
    const lines = part.split("\n");
    lines.forEach((line, lineIndex) => {
      if (line.startsWith("&gt;") || line.startsWith(">")) {
        container.append(h("blockquote", {}, [inline(line.replace(/^(&gt;|>) ?/, ""), context)]));
        return;
      }
      container.append(inline(line, context));
      if (lineIndex < lines.length - 1) container.append(h("br"));
    });
  });
  return container;
}

function textObject(object, context) {
  if (!object) return document.createTextNode("");
  if (object.type === "mrkdwn") return mrkdwn(object.text ?? "", context);
  return h("span", {}, [object.emoji === false ? (object.text ?? "") : withEmoji(object.text ?? "")]);
}

function plain(object) {
  return object?.text ?? "";
}

let nextId = 0;
const uniqueId = (prefix) => `${prefix}-${++nextId}`;

/** A button, or a select in an actions block or accessory; a change or click becomes a block_actions payload. */
function interactiveElement(element, blockId, context) {
  switch (element.type) {
    case "button": {
      const attributes = { type: "button" };
      if (element.style === "primary") attributes.class = "primary";
      if (element.style === "danger") attributes.class = "danger";
      const button = h("button", attributes, [plain(element.text)]);
      button.addEventListener("click", () => {
        if (element.confirm && !window.confirm(`${plain(element.confirm.title)}\n\n${plain(element.confirm.text)}`)) {
          return;
        }
        context.onAction(blockId, element, {
          type: "button",
          text: element.text,
          ...(element.value !== undefined ? { value: element.value } : {}),
          ...(element.style ? { style: element.style } : {}),
        });
      });
      return button;
    }
    case "users_select":
    case "static_select": {
      const id = uniqueId("select");
      const select = selectFor(element, context, id);
      select.addEventListener("change", () => {
        const chosen = select.value;
        context.onAction(
          blockId,
          element,
          element.type === "users_select"
            ? { type: "users_select", selected_user: chosen }
            : { type: "static_select", selected_option: optionOf(element, chosen) },
        );
      });
      return h("span", {}, [
        h("label", { for: id, class: "visually-hidden" }, [plain(element.placeholder) || "Choose"]),
        select,
      ]);
    }
    default:
      return unsupported(`element "${element.type}"`);
  }
}

function optionsOf(element) {
  return [...(element.options ?? []), ...(element.option_groups ?? []).flatMap((group) => group.options ?? [])];
}

function optionOf(element, value) {
  const option = optionsOf(element).find((candidate) => candidate.value === value);
  return option ? { text: option.text, value: option.value } : null;
}

function selectFor(element, context, id) {
  const select = h("select", { id });
  select.append(h("option", { value: "" }, [plain(element.placeholder) || "Choose…"]));
  if (element.type === "users_select") {
    for (const [userId, name] of context.people) select.append(h("option", { value: userId }, [name]));
    if (element.initial_user) select.value = element.initial_user;
  } else {
    for (const option of optionsOf(element)) select.append(h("option", { value: option.value }, [plain(option.text)]));
    if (element.initial_option) select.value = element.initial_option.value;
  }
  return select;
}

/** An input block's element inside a modal; `read` gives its state value as Slack sends it in view_submission. */
function inputElement(element, id, describedBy) {
  switch (element.type) {
    case "plain_text_input": {
      const attributes = { id, name: id };
      if (element.max_length) attributes.maxlength = String(element.max_length);
      if (element.min_length) attributes.minlength = String(element.min_length);
      if (element.placeholder) attributes.placeholder = plain(element.placeholder);
      if (describedBy) attributes["aria-describedby"] = describedBy;
      const control = h(element.multiline ? "textarea" : "input", attributes);
      if (element.multiline) control.rows = 4;
      control.value = element.initial_value ?? "";
      return {
        control,
        read: () => ({ type: "plain_text_input", value: control.value === "" ? null : control.value }),
      };
    }
    case "users_select":
    case "static_select":
      return null;
    default:
      return undefined;
  }
}

/**
 * Draws blocks into a fragment. `context`: `people` (Map of user ID → name), `onAction(blockId, element, action)`,
 * and for modals `inputs` (an array the input readers are pushed to) and `errors` (block_id → message).
 */
export function renderBlocks(blocks, context) {
  const fragment = document.createDocumentFragment();
  for (const block of blocks ?? []) fragment.append(renderBlock(block, context));
  return fragment;
}

function renderBlock(block, context) {
  const blockId = block.block_id ?? "";
  switch (block.type) {
    case "section": {
      const body = h("div", { class: "section-body" });
      if (block.text) body.append(textObject(block.text, context));
      if (block.fields) {
        body.append(
          h(
            "div",
            { class: "fields" },
            block.fields.map((field) => textObject(field, context)),
          ),
        );
      }
      const section = h("div", { class: "block section" }, [body]);
      if (block.accessory) {
        section.append(
          block.accessory.type === "image"
            ? image(block.accessory.image_url, block.accessory.alt_text)
            : interactiveElement(block.accessory, blockId, context),
        );
      }
      return section;
    }
    case "context":
      return h(
        "div",
        { class: "block context" },
        (block.elements ?? []).map((element) =>
          element.type === "image" ? image(element.image_url, element.alt_text) : textObject(element, context),
        ),
      );
    case "actions":
      return h(
        "div",
        { class: "block actions", role: "group", "aria-label": "Actions" },
        (block.elements ?? []).map((element) => interactiveElement(element, blockId, context)),
      );
    case "header":
      return h("h3", { class: "block header" }, [plain(block.text)]);
    case "divider":
      return h("hr", { class: "block divider" });
    case "image":
      return h("figure", { class: "block image" }, [
        image(block.image_url, block.alt_text),
        ...(block.title ? [h("figcaption", {}, [plain(block.title)])] : []),
      ]);
    case "input":
      return inputBlock(block, context);
    default:
      return unsupported(`block "${block.type}"`);
  }
}

/** Images come only from this machine: the page makes no request elsewhere, so an outside image is a link. */
function image(url, alt) {
  if (typeof url === "string" && url.startsWith("/")) return h("img", { src: url, alt: alt ?? "" });
  return h("a", { href: url ?? "#", target: "_blank", rel: "noreferrer" }, [`Image: ${alt ?? url}`]);
}

function inputBlock(block, context) {
  const id = uniqueId("input");
  const blockId = block.block_id ?? "";
  const error = context.errors?.[blockId];
  const hintId = block.hint || error ? `${id}-hint` : undefined;
  const wrapper = h("div", { class: "block input" });
  wrapper.append(h("label", { for: id }, [plain(block.label), block.optional ? " (optional)" : ""]));
  const element = block.element ?? {};
  const actionId = element.action_id ?? "";
  const input = inputElement(element, id, hintId);
  if (input === undefined) {
    wrapper.append(unsupported(`input element "${element.type}"`));
    return wrapper;
  }
  if (input) {
    wrapper.append(input.control);
    context.inputs?.push({ blockId, actionId, read: input.read });
  } else {
    const select = selectFor(element, context, id);
    if (hintId) select.setAttribute("aria-describedby", hintId);
    wrapper.append(select);
    context.inputs?.push({
      blockId,
      actionId,
      read: () =>
        element.type === "users_select"
          ? { type: "users_select", selected_user: select.value || null }
          : { type: "static_select", selected_option: optionOf(element, select.value) },
    });
  }
  if (error) wrapper.append(h("p", { id: hintId, class: "error-text", role: "alert" }, [error]));
  else if (block.hint) wrapper.append(h("p", { id: hintId, class: "hint-text" }, [plain(block.hint)]));
  return wrapper;
}
