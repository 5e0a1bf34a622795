/** `/byoc help` as each person sees it: only the commands they may run, and how access is configured. */
import { describe, expect, it } from 'vitest';
import { helpCard } from '../../jobs/help.js';
import { everyoneIsAViewer } from '../../src/auth/roles.js';
import { loadCommands } from '../../src/router/load.js';

describe('the help card', () => {
  it('a viewer sees only the read commands, and the access line says why nobody can change anything', async () => {
    const { commands } = await loadCommands();
    const card = helpCard({
      commands: commands.list(),
      role: 'viewer',
      access: everyoneIsAViewer.describe(),
      text: 'help',
    });
    const text = JSON.stringify(card);
    expect(text).toContain('/byoc status');
    expect(text).toContain('/byoc audit');
    for (const change of ['trunk disable', 'trunk enable', 'did assign', 'did unassign']) {
      expect(text).not.toContain(`/byoc ${change}`);
    }
    expect(text).toContain('nobody can change anything');
  });

  it('an operator sees the change commands too', async () => {
    const { commands } = await loadCommands();
    const card = helpCard({ commands: commands.list(), role: 'operator', access: 'x', text: 'help' });
    expect(JSON.stringify(card)).toContain('/byoc trunk disable');
  });
});
