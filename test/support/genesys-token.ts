/**
 * An access token from a Genesys login endpoint (the fake's `/oauth/token`), by the client credentials grant as
 * Genesys documents it: https://developer.genesys.cloud/authorization/platform-auth/use-client-credentials
 */
export async function clientCredentialsToken(
  origin: string,
  credentials: { clientId: string; clientSecret: string },
): Promise<string> {
  const basic = Buffer.from(`${credentials.clientId}:${credentials.clientSecret}`).toString('base64');
  const res = await fetch(`${origin}/oauth/token`, {
    method: 'POST',
    headers: { Authorization: `Basic ${basic}`, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=client_credentials',
  });
  if (!res.ok) throw new Error(`${origin}/oauth/token answered ${res.status}: ${await res.text()}`);
  return ((await res.json()) as { access_token: string }).access_token;
}
