// @ts-check
/**
 * The sandbox chat page in the browser: a channel, a composer for `/byoc …`, who you are, the scenario, the faults,
 * and the alerts channel. It asks the page's server (chat-page.ts) for what the bot wrote and draws it: Slack's
 * Block Kit with slack-blocks.js, Teams' Adaptive Cards with Microsoft's `adaptivecards` renderer.
 */
import { escapeHtml, mrkdwn, renderMessage } from './slack-blocks.js';

/** @type {any} */
const AC = /** @type {any} */ (window).AdaptiveCards;
const POLL_MS = 400;

/** @type {{ channel: string, alertChannel: string | null, teams: boolean, people: { slack: any[], teams: any[] }, scenario: string | null, scenarios: { name: string, description: string }[], faults: { id: string, label: string, on: boolean }[] }} */
let state;
let platform = 'slack';
/** @type {Record<string, string>} */
const me = { slack: '', teams: '' };
/** What each list shows now, by entry key: the JSON drawn and its element. */
const drawn = { main: new Map(), alerts: new Map() };

const $ = (/** @type {string} */ id) => /** @type {HTMLElement} */ (document.getElementById(id));

async function api(/** @type {string} */ path, /** @type {any} */ body) {
  const res = await fetch(
    path,
    body === undefined
      ? {}
      : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) },
  );
  const json = await res.json();
  if (!res.ok || json.ok === false) throw new Error(json.error ?? `HTTP ${res.status}`);
  return json;
}

function showError(/** @type {string} */ message) {
  const box = $('error');
  box.textContent = message;
  box.hidden = !message;
}

function people() {
  return platform === 'teams' ? state.people.teams : state.people.slack;
}

function nameOf(/** @type {string} */ id) {
  return [...state.people.slack, ...state.people.teams].find((p) => p.id === id)?.name;
}

function drawControls() {
  const who = /** @type {HTMLSelectElement} */ ($('who'));
  who.innerHTML = people()
    .map(
      (p) =>
        `<option value="${escapeHtml(p.id)}">${escapeHtml(p.name)}${p.role ? ` (${escapeHtml(p.role)})` : ''}</option>`,
    )
    .join('');
  if (!me[platform]) me[platform] = people()[0]?.id ?? '';
  who.value = me[platform];

  const scenario = /** @type {HTMLSelectElement} */ ($('scenario'));
  scenario.innerHTML = state.scenarios
    .map(
      (s) =>
        `<option value="${escapeHtml(s.name)}" title="${escapeHtml(s.description)}">${escapeHtml(s.name)}</option>`,
    )
    .join('');
  scenario.value = state.scenario ?? '';
  $('vendor-controls').hidden = state.scenarios.length === 0;
  drawFaults();

  $('tab-teams').hidden = !state.teams;
  for (const tab of document.querySelectorAll('.tabs [data-platform]')) {
    tab.classList.toggle('active', /** @type {HTMLElement} */ (tab).dataset.platform === platform);
  }
  $('channel-name').textContent =
    platform === 'teams' ? 'General (byoc on-call team)' : `#byoc-sandbox (${state.channel})`;
  $('alerts-name').textContent = state.alertChannel
    ? `#alerts (${state.alertChannel})`
    : 'alerts: ALERT_CHANNEL is not set';
  document.body.dataset.platform = platform;
}

function drawFaults() {
  $('faults').innerHTML = state.faults
    .map(
      (f) =>
        `<label><input type="checkbox" data-fault="${escapeHtml(f.id)}"${f.on ? ' checked' : ''}> ${escapeHtml(f.label)}</label>`,
    )
    .join('');
}

/** One Slack message, as Slack lays it out: avatar, name, time, then the blocks. */
function slackMessage(/** @type {any} */ e) {
  const who = e.from === 'bot' ? 'byoc' : (nameOf(e.user) ?? e.user);
  const badge = e.from === 'bot' ? '<span class="app-badge">APP</span>' : '';
  const only = e.ephemeral ? '<div class="only-you">👁 Only visible to you</div>' : '';
  const body =
    e.from === 'person' ? `<div class="sk-text command">${escapeHtml(e.text ?? '')}</div>` : renderMessage(e, nameOf);
  const replies = e.replies ? `<div class="replies">${e.replies} ${e.replies === 1 ? 'reply' : 'replies'}</div>` : '';
  return `${only}<div class="avatar ${e.from}">${escapeHtml(who.slice(0, 1).toUpperCase())}</div>
    <div class="content"><div class="meta"><b>${escapeHtml(who)}</b>${badge}<span class="time">${new Date(e.at).toLocaleTimeString()}</span></div>${body}${replies}</div>`;
}

/** A channel as Slack shows it: thread replies are not in it, their count is under the thread's first message. */
function channelView(/** @type {any[]} */ entries) {
  /** @type {Map<string, number>} */
  const replies = new Map();
  for (const e of entries) if (e.threadTs) replies.set(e.threadTs, (replies.get(e.threadTs) ?? 0) + 1);
  return entries
    .filter((e) => !e.threadTs)
    .map((e) => (e.ts && replies.has(e.ts) ? { ...e, replies: replies.get(e.ts) } : e));
}

/** A small markdown for Adaptive Cards' TextBlocks (the renderer leaves it to the host): bold, italic, links. */
function teamsMarkdown(/** @type {string} */ text, /** @type {any} */ result) {
  result.outputHtml = escapeHtml(text)
    .replace(/`([^`\n]+)`/g, '<code>$1</code>')
    .replace(/\*\*(.+?)\*\*/g, '<b>$1</b>')
    .replace(/(^|\s)_(.+?)_(?=\s|$)/g, '$1<i>$2</i>')
    .replace(/\[([^\]]+)\]\((https?:[^)\s]+)\)/g, '<a href="$2" target="_blank" rel="noopener noreferrer">$1</a>')
    .replace(/\n/g, '<br>');
  result.didProcess = true;
}

/** One Teams message: a card drawn by Microsoft's renderer, or text. */
function teamsMessage(/** @type {any} */ e) {
  const wrap = document.createElement('div');
  const who = e.from === 'bot' ? 'byoc' : (nameOf(e.user) ?? e.user);
  const only = e.ephemeral ? '<div class="only-you">Only you can see this</div>' : '';
  wrap.innerHTML = `${only}<div class="avatar ${e.from}">${escapeHtml(who.slice(0, 1).toUpperCase())}</div>
    <div class="content"><div class="meta"><b>${escapeHtml(who)}</b><span class="time">${new Date(e.at).toLocaleTimeString()}</span></div><div class="body"></div></div>`;
  const body = /** @type {HTMLElement} */ (wrap.querySelector('.body'));
  if (e.card && AC) {
    const card = new AC.AdaptiveCard();
    card.onExecuteAction = (/** @type {any} */ action) => {
      if (action instanceof AC.ExecuteAction || action instanceof AC.SubmitAction) {
        void press({ platform: 'teams', key: e.key, verb: action.verb ?? '', data: action.data ?? {} });
      } else if (action instanceof AC.OpenUrlAction) window.open(action.url, '_blank', 'noopener');
    };
    card.parse(e.card);
    const rendered = card.render();
    if (rendered) body.appendChild(rendered);
  } else {
    body.innerHTML = `<div class="teams-text">${escapeHtml(e.text ?? '')}</div>`;
  }
  return wrap;
}

/**
 * Keeps a list's elements in step with its entries: an entry whose JSON did not change keeps its element (an open
 * confirmation stays open), a changed one is drawn again.
 */
function reconcile(
  /** @type {HTMLElement} */ list,
  /** @type {Map<string, any>} */ cache,
  /** @type {any[]} */ entries,
  /** @type {'slack' | 'teams'} */ kind,
) {
  const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
  const keep = new Set();
  let previous = null;
  for (const e of entries) {
    const json = JSON.stringify(e) + (kind === 'slack' ? me.slack : me.teams);
    keep.add(e.key);
    let item = cache.get(e.key);
    if (!item || item.json !== json) {
      const el = document.createElement('div');
      el.className = `message ${e.from}${e.ephemeral ? ' ephemeral' : ''}`;
      el.dataset.key = e.key;
      if (kind === 'slack') el.innerHTML = slackMessage(e);
      else el.append(...teamsMessage(e).childNodes);
      if (item) item.el.replaceWith(el);
      item = { json, el };
      cache.set(e.key, item);
    }
    const wanted = previous ? previous.nextSibling : list.firstChild;
    if (wanted !== item.el) list.insertBefore(item.el, wanted);
    previous = item.el;
  }
  for (const [key, item] of cache) {
    if (!keep.has(key)) {
      item.el.remove();
      cache.delete(key);
    }
  }
  if (atBottom) list.scrollTop = list.scrollHeight;
}

let polling = false;
async function poll() {
  if (polling) return;
  polling = true;
  try {
    const slack = await api('/api/timeline?platform=slack');
    const visible = (/** @type {any} */ e) => !e.ephemeral || e.user === me.slack;
    const alerts = channelView(
      slack.entries.filter((/** @type {any} */ e) => state.alertChannel && e.channel === state.alertChannel),
    );
    reconcile($('alerts'), drawn.alerts, alerts, 'slack');
    $('alerts-empty').hidden = alerts.length > 0;
    if (platform === 'slack') {
      reconcile(
        $('messages'),
        drawn.main,
        channelView(slack.entries.filter((/** @type {any} */ e) => e.channel === state.channel && visible(e))),
        'slack',
      );
    } else {
      const teams = await api('/api/timeline?platform=teams');
      reconcile(
        $('messages'),
        drawn.main,
        teams.entries.filter((/** @type {any} */ e) => !e.ephemeral || e.user === me.teams),
        'teams',
      );
    }
  } catch (err) {
    showError(`The page lost the bot: ${/** @type {Error} */ (err).message}`);
  } finally {
    polling = false;
  }
}

async function press(/** @type {Record<string, unknown>} */ what) {
  try {
    showError('');
    await api('/api/press', { ...what, user: me[String(what.platform)] });
  } catch (err) {
    showError(/** @type {Error} */ (err).message);
  }
  void poll();
}

/** Slack's confirmation dialog for a button that asks first. */
function confirmFirst(/** @type {any} */ confirm) {
  return new Promise((resolve) => {
    const dialog = /** @type {HTMLDialogElement} */ ($('confirm'));
    $('confirm-title').textContent = confirm.title?.text ?? 'Are you sure?';
    $('confirm-text').innerHTML = mrkdwn(confirm.text?.text ?? '');
    const yes = /** @type {HTMLButtonElement} */ ($('confirm-yes'));
    yes.textContent = confirm.confirm?.text ?? 'Yes';
    yes.className = `sk-button ${confirm.style === 'danger' ? 'danger' : 'primary'}`;
    $('confirm-no').textContent = confirm.deny?.text ?? 'Cancel';
    dialog.onclose = () => resolve(dialog.returnValue === 'yes');
    dialog.showModal();
  });
}

async function send() {
  const input = /** @type {HTMLInputElement} */ ($('composer'));
  const text = input.value.trim();
  if (!text) return;
  input.value = '';
  try {
    showError('');
    await api('/api/send', { platform, user: me[platform], text });
  } catch (err) {
    showError(/** @type {Error} */ (err).message);
  }
  void poll();
}

async function refreshState() {
  state = await api('/api/state');
  drawControls();
}

function wire() {
  $('send').addEventListener('click', () => void send());
  $('composer').addEventListener('keydown', (ev) => {
    if (ev.key === 'Enter') void send();
  });
  $('who').addEventListener('change', (ev) => {
    me[platform] = /** @type {HTMLSelectElement} */ (ev.target).value;
    void poll();
  });
  for (const tab of document.querySelectorAll('.tabs [data-platform]')) {
    tab.addEventListener('click', () => {
      platform = /** @type {HTMLElement} */ (tab).dataset.platform ?? 'slack';
      for (const item of drawn.main.values()) item.el.remove();
      drawn.main.clear();
      drawControls();
      void poll();
    });
  }
  $('scenario').addEventListener('change', async (ev) => {
    const name = /** @type {HTMLSelectElement} */ (ev.target).value;
    try {
      showError('');
      $('scenario-note').textContent = `Starting the fakes with "${name}"…`;
      await api('/api/scenario', { name });
      $('scenario-note').textContent = `Scenario "${name}" is running. Try /byoc status --fresh or /byoc doctor.`;
    } catch (err) {
      $('scenario-note').textContent = '';
      showError(/** @type {Error} */ (err).message);
    }
    await refreshState();
  });
  $('faults').addEventListener('change', async (ev) => {
    const box = /** @type {HTMLInputElement} */ (ev.target);
    try {
      showError('');
      const answer = await api('/api/faults', { id: box.dataset.fault, on: box.checked });
      state.faults = answer.faults;
    } catch (err) {
      showError(/** @type {Error} */ (err).message);
    }
    drawFaults();
  });
  // Slack's buttons (drawn as HTML by slack-blocks.js) in the channel and in the alerts channel.
  document.addEventListener('click', async (ev) => {
    const button = /** @type {HTMLElement | null} */ (
      /** @type {HTMLElement} */ (ev.target).closest('.sk-button[data-action]')
    );
    if (!button) return;
    const key = /** @type {HTMLElement | null} */ (button.closest('[data-key]'))?.dataset.key;
    if (!key) return;
    if (button.dataset.url) window.open(button.dataset.url, '_blank', 'noopener');
    if (button.dataset.confirm && !(await confirmFirst(JSON.parse(button.dataset.confirm)))) return;
    await press({ platform: 'slack', key, action: button.dataset.action, value: button.dataset.value });
  });
}

async function start() {
  if (AC) AC.AdaptiveCard.onProcessMarkdown = teamsMarkdown;
  wire();
  await refreshState();
  await poll();
  setInterval(() => void poll(), POLL_MS);
  // A 429 burst counts down as calls go by: keep the switches true to the fakes.
  setInterval(async () => {
    try {
      state = await api('/api/state');
      drawFaults();
    } catch {
      // poll() says when the page lost the bot
    }
  }, 3000);
  document.body.dataset.ready = 'true';
}

void start();
