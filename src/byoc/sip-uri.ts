/**
 * The one reader of SIP URIs and proxy values in the domain. Genesys proxies and Twilio origination URLs come in
 * every form a person can type: `host`, `host:5061`, `sip:host;transport=tls`, `sips:user@Host.example:5061`.
 */

/** The host of a SIP URI or `host:port` value, lower-case: `sip:user@Host.example:5060;transport=tls` -> `host.example`. */
export function sipHost(value: string): string {
  let s = value.trim().toLowerCase();
  s = s.replace(/^sips?:/, '');
  const at = s.lastIndexOf('@');
  if (at >= 0) s = s.slice(at + 1);
  s = s.split(/[;?>]/)[0]!;
  // IPv6 in brackets keeps its colons; otherwise a colon starts the port.
  if (s.startsWith('[')) return s.slice(1, s.indexOf(']') > 0 ? s.indexOf(']') : undefined);
  return s.split(':')[0]!.replace(/\.$/, '');
}
