/**
 * The names a person sees or a chat platform sends back: the slash command and the action id of every button.
 * They are defined once, here: the cards put them on buttons, the router and the action handlers recognise them,
 * and the Slack manifest names the same slash command.
 */

/** The slash command (Slack) and the command word (Teams) that every command line follows: defined with the domain's
 * command suggestions, which name it too. */
export { SLASH_COMMAND } from '../byoc/command-line.js';

/** A button whose value is command text (`status --fresh`): runs it again, in place. */
export const COMMAND_RUN_ACTION = 'command.run';
/** Approve / Reject on an approval card; the value is the approval id. */
export const APPROVE_ACTION_ID = 'approval.approve';
export const REJECT_ACTION_ID = 'approval.reject';
/** "Fix it" on a doctor finding; the value names the remediation (`remediationValue`). */
export const REMEDIATE_ACTION_ID = 'doctor.remediate';
/** On an incident's message (the value is the incident id): record who acknowledged; status or doctor in its thread. */
export const INCIDENT_ACK_ACTION = 'incident.ack';
export const INCIDENT_STATUS_ACTION = 'incident.status';
export const INCIDENT_DOCTOR_ACTION = 'incident.doctor';
