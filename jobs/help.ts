/**
 * The help card: every command the person may run with an example, and how access is configured. Also answers
 * unknown commands ("did you mean") and `help <command>` (its usage).
 */
import { z } from 'zod';
import { type Role, roleIncludes, yourRole } from '../src/auth/roles.js';
import type { Card, CardButton, CardSection } from '../src/cards/card.js';
import { principalOf } from '../src/chat/invocation.js';
import { COMMAND_RUN_ACTION, SLASH_COMMAND } from '../src/presentation/chat-names.js';
import { defineJob } from '../src/queue/job-definition.js';
import type { Command } from '../src/router/command-definition.js';

const helpPayload = z.object({
  topic: z.string().optional(),
  unknown: z.string().optional(),
  suggestions: z.array(z.string()).optional(),
});

export interface HelpInput {
  commands: readonly Command[];
  role: Role | undefined;
  access: string;
  /** What the person typed, for "did you mean" buttons that keep their arguments. */
  text: string;
  topic?: string;
  unknown?: string;
  suggestions?: readonly string[];
}

const code = (line: string) => `\`${SLASH_COMMAND} ${line}\``;

/** The typed text with its first words replaced by the suggested command: `stauts` -> `status`. */
export function corrected(text: string, unknown: string, suggestion: string): string {
  const words = text.trim().split(/\s+/);
  const rest = words.slice(unknown.trim().split(/\s+/).length).join(' ');
  return rest ? `${suggestion} ${rest}` : suggestion;
}

export function helpCard(input: HelpInput): Card {
  const { commands, role, access } = input;
  const topic = input.topic ? commands.find((c) => c.name === input.topic?.toLowerCase()) : undefined;
  if (topic) {
    return {
      title: `${SLASH_COMMAND} ${topic.name}`,
      status: 'info',
      summary: topic.summary,
      fields: [
        { label: 'Usage', value: code(topic.usage) },
        { label: 'Who may run it', value: `${topic.role} and above` },
      ],
      sections: [{ title: 'Examples', items: topic.examples.map(code) }],
      footer: access,
    };
  }

  // Only what the person may run ; the access line says how to get more.
  const allowed = commands.filter((c) => roleIncludes(role, c.role));
  const sections: CardSection[] = [
    { title: 'Commands', items: allowed.map((c) => `${code(c.examples[0])}: ${c.summary}`) },
    { title: 'Access', text: access },
  ];

  const suggestions = input.suggestions ?? [];
  let summary = `Commands you can run, with an example each. ${code('help <command>')} shows one in detail.`;
  let buttons: CardButton[] = [];
  if (input.unknown !== undefined) {
    const unknown = input.unknown;
    summary =
      suggestions.length > 0
        ? `There is no ${code(unknown)}. Did you mean ${suggestions.map(code).join(' or ')}?`
        : `There is no ${code(unknown)}. Here is what there is.`;
    buttons = suggestions.map((s) => {
      const line = corrected(input.text, unknown, s);
      return { actionId: COMMAND_RUN_ACTION, label: `Run ${SLASH_COMMAND} ${line}`, value: line, style: 'primary' };
    });
  }
  return {
    title: input.unknown !== undefined ? 'Unknown command' : 'byoc-bot: what you can ask',
    status: input.unknown !== undefined ? 'warn' : 'info',
    summary,
    sections,
    buttons,
    footer: `${yourRole(role).replace(/^y/, 'Y')}.`,
  };
}

export default defineJob({
  name: 'help',
  // Calls no vendor: answered at once, even while a vendor is slow.
  lane: 'local',
  payload: helpPayload,
  uses: ['authorizer', 'commands'],
  async process({ payload, invocation, services }) {
    const role = await services.authorizer.roleFor(principalOf(invocation));
    return helpCard({
      commands: services.commands.list(),
      role,
      access: services.authorizer.describe(),
      text: invocation.text,
      ...payload,
    });
  },
});
