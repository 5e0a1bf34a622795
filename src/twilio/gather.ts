/**
 * The Twilio part of a `ByocSnapshot`, read through the client: trunks with their origination URLs, list
 * associations and numbers; the account's IP ACLs with addresses, credential lists with usernames, and numbers.
 * A read that fails for good (403, 404) is recorded in `partialErrors` and the rest still answers; a retryable
 * failure (429, 5xx, unreachable) propagates, so the caller can mark Twilio unavailable or try again.
 */
import type { TwilioPart } from '../byoc/snapshot.js';
import { VendorError } from '../vendors/vendor-error.js';
import type { TwilioClient } from './twilio-client.js';

export async function gatherTwilioPart(client: TwilioClient): Promise<TwilioPart> {
  const partialErrors: TwilioPart['partialErrors'] = [];
  const soft = async <T>(what: string, fallback: T, read: () => Promise<T>): Promise<T> => {
    try {
      return await read();
    } catch (err) {
      if (err instanceof VendorError && !err.retryable) {
        partialErrors.push({ what, reason: `${err.message} (${err.code})` });
        return fallback;
      }
      throw err;
    }
  };

  // Each list's details start as soon as that list arrives: a snapshot costs two round trips, not four.
  const [trunks, ipAccessControlLists, credentialLists, incomingPhoneNumbers] = await Promise.all([
    client.listTrunks().then((list) =>
      Promise.all(
        list.map(async (t) => {
          const [originationUrls, ipAcls, credLists, phoneNumbers] = await Promise.all([
            soft(`originationUrls of ${t.friendlyName}`, [], () => client.listOriginationUrls(t.sid)),
            soft(`ipAccessControlLists of ${t.friendlyName}`, [], () => client.listTrunkIpAccessControlLists(t.sid)),
            soft(`credentialLists of ${t.friendlyName}`, [], () => client.listTrunkCredentialLists(t.sid)),
            soft(`phoneNumbers of ${t.friendlyName}`, [], () => client.listTrunkPhoneNumbers(t.sid)),
          ]);
          return {
            sid: t.sid,
            friendlyName: t.friendlyName,
            domainName: t.domainName,
            secure: t.secure,
            authType: t.authType,
            originationUrls,
            ipAccessControlListSids: ipAcls.map((a) => a.sid),
            credentialListSids: credLists.map((c) => c.sid),
            phoneNumbers,
          };
        }),
      ),
    ),
    soft('ipAccessControlLists', [], () => client.listIpAccessControlLists()).then((list) =>
      Promise.all(
        list.map(async (a) => ({
          sid: a.sid,
          friendlyName: a.friendlyName,
          ipAddresses: await soft(`ipAccessControlLists addresses of ${a.friendlyName}`, [], () =>
            client.listIpAddresses(a.sid),
          ),
        })),
      ),
    ),
    soft('credentialLists', [], () => client.listCredentialLists()).then((list) =>
      Promise.all(
        list.map(async (c) => ({
          sid: c.sid,
          friendlyName: c.friendlyName,
          usernames: (
            await soft(`credentialLists usernames of ${c.friendlyName}`, [], () => client.listCredentials(c.sid))
          ).map((x) => x.username),
        })),
      ),
    ),
    soft('incomingPhoneNumbers', [], () => client.listIncomingPhoneNumbers()),
  ]);

  return {
    accountSid: client.accountSid,
    trunks,
    ipAccessControlLists,
    credentialLists,
    incomingPhoneNumbers,
    partialErrors,
  };
}
