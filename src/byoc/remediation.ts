/**
 * A change the bot can make to fix a doctor finding. Findings carry one; the approval flow turns it into a
 * previewed, approved, applied and verified change. Ids, not names, so a rename between the doctor run and
 * the approval cannot redirect the change.
 */
import { count } from './words.js';
export type Remediation =
  | { kind: 'genesys.trunk.enable'; trunkBaseId: string; trunkName: string }
  | { kind: 'genesys.acl.add'; trunkBaseId: string; trunkName: string; cidrs: string[] }
  | {
      kind: 'twilio.acl.add';
      ipAccessControlListSid: string;
      aclName: string;
      addresses: { ip: string; prefix: number; friendlyName: string }[];
    }
  | { kind: 'twilio.trunk.addNumber'; trunkSid: string; trunkName: string; phoneNumberSid: string; phoneNumber: string }
  | { kind: 'genesys.didpool.create'; startPhoneNumber: string; endPhoneNumber: string; description: string };

/** One line a person reads on a button or a card. */
export function describeRemediation(r: Remediation): string {
  switch (r.kind) {
    case 'genesys.trunk.enable':
      return `Put the trunk "${r.trunkName}" in service`;
    case 'genesys.acl.add':
      return `Allow ${count(r.cidrs.length, 'Twilio range')} on "${r.trunkName}"`;
    case 'twilio.acl.add':
      return `Add ${count(r.addresses.length, 'Genesys address', 'Genesys addresses')} to the ACL "${r.aclName}"`;
    case 'twilio.trunk.addNumber':
      return `Put ${r.phoneNumber} on the Twilio trunk "${r.trunkName}"`;
    case 'genesys.didpool.create':
      return r.startPhoneNumber === r.endPhoneNumber
        ? `Create a DID pool for ${r.startPhoneNumber}`
        : `Create a DID pool ${r.startPhoneNumber}–${r.endPhoneNumber}`;
  }
}
