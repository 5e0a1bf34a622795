/**
 * Follows every command a chaos case sends, through what the fake Slack sees: its ack, its "working on it" message
 * (found by the `<@user>` it names), the cards that replace it, and private notes on its response_url. A command is
 * answered by a card (not a "retrying; the card will update" note), or by a refusal the person reads ("cannot take commands right now", "could not start that",
 * an HTTP error Slack shows); a refusal said in several places at once (the ack, the note, the working message) is one
 * answer.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { type FakeSlack, sendToSlackApp, slashCommandBody } from '../src/sandbox/slack/fake-slack.js';

const REFUSAL = /cannot take commands|could not start that/;
/** A note while the job waits for a vendor ("…retrying in 4 s; the card will update"): not the answer yet. */
const INTERIM = /the card will update/;

export interface Command {
  i: number;
  user: string;
  text: string;
  /** Needs no vendor (help): its wait is the "longest wait of a vendor-free command". */
  vendorFree: boolean;
  sentAt: number;
  responseId: string;
  ts?: string;
  /** When each card replacing the working message arrived. */
  cards: number[];
  /** Their titles (the first line a person reads), for a report on a command answered twice. */
  cardTitles: string[];
  /** The "retrying; the card will update" notes it showed while it waited. */
  notes: string[];
  /**
   * The same card put again on the same message (a delivery re-run after the worker that made it died between
   * Slack's answer and recording it): the person sees one answer, so it is counted apart, not as a second answer.
   */
  reputs: number;
  /** When the person was first told the command was not taken. */
  refusedAt?: number;
  ackStatus?: number;
  lastCard?: string;
}

export interface Figures {
  sent: number;
  once: number;
  lost: number;
  duplicated: number;
  /** Commands refused (told "not taken"), among the answered-once. */
  refused: number;
  /** Longest wait of a vendor-free command until its answer (card or refusal), ms. */
  longestVendorFreeMs: number | undefined;
  /** The same card put again on the same message (see `Command.reputs`). */
  reputs: number;
}

export class Tracker {
  readonly commands: Command[] = [];
  /** The commands answered more than once, as of the last `figures()`. */
  readonly duplicates: Command[] = [];
  private readonly byTs = new Map<string, Command>();
  private readonly byUser = new Map<string, Command>();
  private readonly byResponse = new Map<string, Command>();
  private readonly stop: () => void;
  private readonly run = randomUUID().slice(0, 6).toUpperCase();

  constructor(
    private readonly slack: FakeSlack,
    private readonly eventsUrl: string,
    private readonly secret: string,
  ) {
    this.stop = slack.subscribe((event) => {
      const now = Date.now();
      if (event.kind === 'response') {
        const cmd = this.byResponse.get(event.response.id);
        const text = JSON.stringify(event.response.body);
        if (cmd && REFUSAL.test(text)) cmd.refusedAt ??= now;
        return;
      }
      const { call } = event;
      if (call.method === 'chat.postMessage' && call.result?.ts) {
        const user = /<@([A-Z0-9]+)>/.exec(String(call.params.text ?? ''))?.[1];
        const cmd = user ? this.byUser.get(user) : undefined;
        if (cmd) {
          cmd.ts = String(call.result.ts);
          this.byTs.set(cmd.ts, cmd);
        }
        return;
      }
      if (call.method === 'chat.update' && call.result?.ok) {
        const cmd = this.byTs.get(String(call.params.ts));
        if (!cmd) return;
        const text = JSON.stringify(call.params.blocks ?? '') + String(call.params.text ?? '');
        if (REFUSAL.test(text)) cmd.refusedAt ??= now;
        else if (INTERIM.test(text)) cmd.notes.push(text.slice(0, 200));
        else if (cmd.lastCard === text) cmd.reputs += 1;
        else {
          cmd.cards.push(now);
          cmd.cardTitles.push(text.slice(0, 160));
          cmd.lastCard = text;
        }
      }
    });
  }

  /** Sends `/byoc <text>` as a user of its own; resolves once the HTTP answer (the ack) is in. */
  async send(text: string, vendorFree: boolean): Promise<Command> {
    const i = this.commands.length;
    const cmd: Command = {
      i,
      user: `UC${this.run}${i}`,
      text,
      vendorFree,
      sentAt: Date.now(),
      responseId: randomUUID(),
      cards: [],
      cardTitles: [],
      notes: [],
      reputs: 0,
    };
    this.commands.push(cmd);
    this.byUser.set(cmd.user, cmd);
    this.byResponse.set(cmd.responseId, cmd);
    const body = slashCommandBody({ text, userId: cmd.user, responseUrl: this.slack.responseUrl(cmd.responseId) });
    try {
      const res = await sendToSlackApp(this.eventsUrl, body, { secret: this.secret });
      cmd.ackStatus = res.status;
      if (res.status !== 200 || REFUSAL.test(res.body)) cmd.refusedAt ??= Date.now();
    } catch {
      // Nothing listening (a process between two lives): Slack tells the person the command failed.
      cmd.ackStatus = 0;
      cmd.refusedAt ??= Date.now();
    }
    return cmd;
  }

  /** Sends `count` commands, one every `everyMs`, without waiting for answers; `each(i)` runs before command i. */
  async pace(
    count: number,
    everyMs: number,
    pick: (i: number) => { text: string; vendorFree: boolean },
    each?: (i: number) => void | Promise<void>,
  ): Promise<void> {
    const inFlight: Promise<unknown>[] = [];
    for (let i = 0; i < count; i += 1) {
      await each?.(i);
      const { text, vendorFree } = pick(i);
      inFlight.push(this.send(text, vendorFree));
      await sleep(everyMs);
    }
    await Promise.all(inFlight);
  }

  answers(cmd: Command): number {
    return cmd.cards.length + (cmd.refusedAt !== undefined ? 1 : 0);
  }

  /** When the command was first answered (card or refusal). */
  answeredAt(cmd: Command): number | undefined {
    const times = [...cmd.cards, ...(cmd.refusedAt !== undefined ? [cmd.refusedAt] : [])];
    return times.length ? Math.min(...times) : undefined;
  }

  /** Waits until every command has an answer, or `timeoutMs`; then `graceMs` more for late second answers. */
  async settle(timeoutMs: number, graceMs = 3000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline && this.commands.some((c) => this.answers(c) === 0)) await sleep(200);
    await sleep(graceMs);
  }

  /** From `from` until every command sent before it was answered (0 when they all were by then). */
  recoveredAfter(from: number): number | undefined {
    const before = this.commands.filter((c) => c.sentAt <= from);
    let last = from;
    for (const c of before) {
      const at = this.answeredAt(c);
      if (at === undefined) return undefined;
      last = Math.max(last, at);
    }
    return last - from;
  }

  figures(): Figures {
    let once = 0;
    let lost = 0;
    let duplicated = 0;
    let refused = 0;
    let longest: number | undefined;
    this.duplicates.length = 0;
    for (const c of this.commands) {
      const n = this.answers(c);
      if (n === 0) lost += 1;
      else if (n === 1) once += 1;
      else {
        duplicated += 1;
        this.duplicates.push(c);
      }
      if (n === 1 && c.refusedAt !== undefined) refused += 1;
      const at = this.answeredAt(c);
      if (c.vendorFree) longest = Math.max(longest ?? 0, at === undefined ? Number.POSITIVE_INFINITY : at - c.sentAt);
    }
    const reputs = this.commands.reduce((n, c) => n + c.reputs, 0);
    return { sent: this.commands.length, once, lost, duplicated, refused, longestVendorFreeMs: longest, reputs };
  }

  close(): void {
    this.stop();
  }
}

/** Resolves once `ok()` is true; throws after `timeoutMs` naming what it waited for. */
export async function until(what: string, ok: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await ok())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

export { sleep };
