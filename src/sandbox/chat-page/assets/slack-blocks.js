// @ts-check
/**
 * Draws Block Kit the way Slack shows it, for the sandbox chat page: the blocks byoc-bot sends (header, section
 * with text, fields and a button accessory, context, actions with buttons, divider, image) and mrkdwn's basics
 * (*bold*, _italic_, ~strike~, `code`, ```blocks```, > quotes, <url|links>, <@user> mentions, <!date^…|fallback>,
 * :emoji:). References: https://api.slack.com/reference/block-kit/blocks and
 * https://api.slack.com/reference/surfaces/formatting.
 *
 * Pure functions from JSON to an HTML string: the browser loads this file as a module, and the project's tests
 * import the same file.
 */

/** The emoji the bot writes, and a few more people type; others stay as `:name:`, as Slack shows an unknown one. */
const EMOJI = {
  white_check_mark: '✅',
  heavy_check_mark: '✔️',
  information_source: 'ℹ️',
  warning: '⚠️',
  x: '❌',
  heavy_minus_sign: '➖',
  hourglass_flowing_sand: '⏳',
  hourglass: '⌛',
  red_circle: '🔴',
  large_orange_circle: '🟠',
  large_green_circle: '🟢',
  large_yellow_circle: '🟡',
  white_circle: '⚪',
  no_entry: '⛔',
  no_entry_sign: '🚫',
  lock: '🔒',
  unlock: '🔓',
  rotating_light: '🚨',
  bell: '🔔',
  telephone_receiver: '📞',
  phone: '☎️',
  mag: '🔍',
  wrench: '🔧',
  gear: '⚙️',
  clock1: '🕐',
  stopwatch: '⏱️',
  link: '🔗',
  arrow_right: '➡️',
  eyes: '👀',
  tada: '🎉',
  thumbsup: '👍',
  '+1': '👍',
  memo: '📝',
  clipboard: '📋',
  bar_chart: '📊',
  chart_with_upwards_trend: '📈',
  satellite_antenna: '📡',
  zap: '⚡',
  fire: '🔥',
  sos: '🆘',
  construction: '🚧',
  shield: '🛡️',
  busts_in_silhouette: '👥',
  bust_in_silhouette: '👤',
  test_tube: '🧪',
};

/** @param {string} s */
export function escapeHtml(s) {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Slack's own escapes in mrkdwn (&amp; &lt; &gt;) back to characters. */
/** @param {string} s */
function unescapeSlack(s) {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** @param {string} text */
export function emojify(text) {
  return text.replace(/:([a-z0-9_+-]+):/g, (whole, name) => EMOJI[/** @type {keyof typeof EMOJI} */ (name)] ?? whole);
}

/**
 * A `<…>` token of mrkdwn as HTML: a link, a user or channel mention, a special mention, or a date.
 * @param {string} inner  what is between < and >, still Slack-escaped
 * @param {(id: string) => string | undefined} nameOf
 */
function token(inner, nameOf) {
  const [target = '', label] = splitOnce(inner, '|');
  if (target.startsWith('@')) {
    const id = target.slice(1);
    return `<span class="mention">@${escapeHtml(label ?? nameOf(id) ?? id)}</span>`;
  }
  if (target.startsWith('#')) return `<span class="mention">#${escapeHtml(label ?? target.slice(1))}</span>`;
  if (target.startsWith('!date^')) {
    const [, seconds] = target.split('^');
    const when = Number(seconds);
    const shown = Number.isFinite(when) ? new Date(when * 1000).toLocaleString() : unescapeSlack(label ?? '');
    return `<time>${escapeHtml(shown)}</time>`;
  }
  if (target.startsWith('!'))
    return `<span class="mention">@${escapeHtml(label ?? target.slice(1).split('^')[0] ?? '')}</span>`;
  const href = unescapeSlack(target);
  if (!/^(https?:|mailto:)/i.test(href)) return escapeHtml(unescapeSlack(`<${inner}>`));
  return `<a href="${escapeHtml(href)}" target="_blank" rel="noopener noreferrer">${escapeHtml(unescapeSlack(label ?? href))}</a>`;
}

/** @param {string} s @param {string} sep @returns {[string, string | undefined]} */
function splitOnce(s, sep) {
  const at = s.indexOf(sep);
  return at < 0 ? [s, undefined] : [s.slice(0, at), s.slice(at + 1)];
}

/**
 * Inline mrkdwn of one stretch of text that has no code in it.
 * @param {string} text
 * @param {(id: string) => string | undefined} nameOf
 */
function inline(text, nameOf) {
  // Tokens first, kept aside, so their URLs are not read as formatting.
  /** @type {string[]} */
  const kept = [];
  const keep = (/** @type {string} */ html) => {
    kept.push(html);
    return `\uE000${kept.length - 1}\uE001`;
  };
  let out = text.replace(/<([^<>\n]+)>/g, (_m, inner) => keep(token(inner, nameOf)));
  out = escapeHtml(unescapeSlack(out));
  out = emojify(out);
  // Slack's rule: a marker opens after a start, a space or punctuation, and closes before an end, a space or punctuation.
  const wrap = (/** @type {string} */ mark, /** @type {string} */ tag) => {
    const marker = new RegExp(
      `(^|[\\s(\\[{"'.,;:!?-])\\${mark}(?=\\S)([^${mark}\\n]*?\\S)\\${mark}(?=$|[\\s)\\]}"'.,;:!?-])`,
      'g',
    );
    out = out.replace(marker, `$1<${tag}>$2</${tag}>`);
  };
  wrap('*', 'b');
  wrap('_', 'i');
  wrap('~', 's');
  return out.replace(/\uE000(\d+)\uE001/g, (_m, i) => kept[Number(i)] ?? '');
}

/**
 * mrkdwn to HTML.
 * @param {string} text
 * @param {(id: string) => string | undefined} [nameOf]  a user id's display name, for `<@U…>`
 */
export function mrkdwn(text, nameOf = () => undefined) {
  const parts = text.split('```');
  return parts
    .map((part, i) => {
      if (i % 2 === 1) return `<pre>${escapeHtml(unescapeSlack(part.replace(/^\n/, '')))}</pre>`;
      const codeParts = part.split('`');
      const html = codeParts
        .map((c, j) =>
          j % 2 === 1 && j < codeParts.length - 1
            ? `<code>${escapeHtml(unescapeSlack(c))}</code>`
            : inline(j % 2 === 1 ? `\`${c}` : c, nameOf),
        )
        .join('');
      return html
        .split('\n')
        .map((line) => (line.startsWith('&gt; ') ? `<blockquote>${line.slice(5)}</blockquote>` : line))
        .join('<br>')
        .replace(/<\/blockquote><br><blockquote>/g, '<br>');
    })
    .join('');
}

/**
 * A text object (plain_text or mrkdwn) to HTML.
 * @param {any} t
 * @param {(id: string) => string | undefined} nameOf
 */
export function textObject(t, nameOf) {
  if (!t || typeof t.text !== 'string') return '';
  if (t.type === 'mrkdwn') return mrkdwn(t.text, nameOf);
  return escapeHtml(t.emoji === false ? t.text : emojify(t.text)).replace(/\n/g, '<br>');
}

/**
 * A button, with what pressing it needs as data attributes (the page sends the press).
 * @param {any} b
 * @param {(id: string) => string | undefined} nameOf
 */
function button(b, nameOf) {
  const style = b.style === 'primary' || b.style === 'danger' ? ` ${b.style}` : '';
  const attrs = [
    `class="sk-button${style}"`,
    `data-action="${escapeHtml(String(b.action_id ?? ''))}"`,
    `data-value="${escapeHtml(String(b.value ?? ''))}"`,
  ];
  if (b.url) attrs.push(`data-url="${escapeHtml(String(b.url))}"`);
  if (b.confirm) attrs.push(`data-confirm="${escapeHtml(JSON.stringify(b.confirm))}"`);
  return `<button ${attrs.join(' ')}>${textObject(b.text, nameOf)}</button>`;
}

/**
 * An element of an actions or context block.
 * @param {any} e
 * @param {(id: string) => string | undefined} nameOf
 */
function element(e, nameOf) {
  if (e.type === 'button') return button(e, nameOf);
  if (e.type === 'image')
    return `<img class="sk-ctx-image" src="${escapeHtml(String(e.image_url ?? ''))}" alt="${escapeHtml(String(e.alt_text ?? ''))}">`;
  if (e.type === 'mrkdwn' || e.type === 'plain_text') return `<span>${textObject(e, nameOf)}</span>`;
  return `<span class="sk-unknown">[${escapeHtml(String(e.type))}]</span>`;
}

/**
 * One block.
 * @param {any} block
 * @param {(id: string) => string | undefined} nameOf
 */
export function renderBlock(block, nameOf) {
  switch (block?.type) {
    case 'header':
      return `<div class="sk-header">${textObject(block.text, nameOf)}</div>`;
    case 'divider':
      return '<hr class="sk-divider">';
    case 'section': {
      const text = block.text ? `<div class="sk-text">${textObject(block.text, nameOf)}</div>` : '';
      const fields = Array.isArray(block.fields)
        ? `<div class="sk-fields">${block.fields.map((/** @type {any} */ f) => `<div class="sk-field">${textObject(f, nameOf)}</div>`).join('')}</div>`
        : '';
      const accessory = block.accessory ? `<div class="sk-accessory">${element(block.accessory, nameOf)}</div>` : '';
      return `<div class="sk-section"><div class="sk-main">${text}${fields}</div>${accessory}</div>`;
    }
    case 'context':
      return `<div class="sk-context">${(block.elements ?? []).map((/** @type {any} */ e) => element(e, nameOf)).join('')}</div>`;
    case 'actions':
      return `<div class="sk-actions">${(block.elements ?? []).map((/** @type {any} */ e) => element(e, nameOf)).join('')}</div>`;
    case 'image':
      return `<img class="sk-image" src="${escapeHtml(String(block.image_url ?? ''))}" alt="${escapeHtml(String(block.alt_text ?? ''))}">`;
    default:
      return `<div class="sk-unknown">[a ${escapeHtml(String(block?.type))} block]</div>`;
  }
}

/**
 * A message: its blocks, or its text when it has none (as Slack shows it).
 * @param {{ text?: string, blocks?: any[] }} message
 * @param {(id: string) => string | undefined} [nameOf]
 */
export function renderMessage(message, nameOf = () => undefined) {
  if (Array.isArray(message.blocks) && message.blocks.length > 0) {
    return message.blocks.map((b) => renderBlock(b, nameOf)).join('');
  }
  return `<div class="sk-text">${mrkdwn(message.text ?? '', nameOf)}</div>`;
}
