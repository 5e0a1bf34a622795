/**
 * The bot's own token for its replies: the OAuth 2.0 client-credentials grant against one token endpoint
 * (TEAMS_LOGIN_URL), scope `https://api.botframework.com/.default`
 * (https://learn.microsoft.com/en-us/azure/bot-service/rest-api/bot-framework-rest-connector-authentication).
 *
 * botbuilder's own credentials go through MSAL, which first asks login.microsoftonline.com for instance discovery
 * and authority metadata; a plain POST to the configured endpoint means that with TEAMS_LOGIN_URL pointing at a
 * fake (tests, the sandbox) nothing ever calls a Microsoft host.
 */

import {
  AppCredentials,
  type AuthenticatorResult,
  type ServiceClientCredentials,
  ServiceClientCredentialsFactory,
} from 'botframework-connector';
import { CodedError, ERROR_CODES } from '../../coded-error.js';

export const BOT_FRAMEWORK_SCOPE = 'https://api.botframework.com';

/** The token endpoint refused or could not be reached; the message never contains the secret. */
/** The token endpoint refused (`status`) or did not answer (0): worth another try unless it refused the app. */
function tokenRequestError(message: string, status: number): CodedError {
  return new CodedError({
    code: ERROR_CODES.teamsToken,
    message,
    retryable: status === 0 || status === 429 || status >= 500,
    vendor: 'teams',
    status,
  });
}

export class ClientCredentials extends AppCredentials {
  constructor(
    appId: string,
    private readonly secret: string,
    private readonly tokenUrl: string,
    scope: string,
  ) {
    // AppCredentials' own toJSON (name, app id, scope) is what JSON.stringify shows: never the secret.
    super(appId, undefined, scope);
  }

  protected async refreshToken(): Promise<AuthenticatorResult> {
    const scope = this.oAuthScope.endsWith('/.default') ? this.oAuthScope : `${this.oAuthScope}/.default`;
    let res: Response;
    try {
      res = await fetch(this.tokenUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: this.appId,
          client_secret: this.secret,
          scope,
        }),
        signal: AbortSignal.timeout(10_000),
      });
    } catch (err) {
      throw tokenRequestError(`the Teams token endpoint could not be reached (${(err as Error).message})`, 0);
    }
    const body = (await res.json().catch(() => ({}))) as {
      access_token?: string;
      expires_in?: number;
      error?: string;
    };
    if (!res.ok || typeof body.access_token !== 'string') {
      throw tokenRequestError(
        `the Teams token endpoint answered HTTP ${res.status}${body.error ? ` (${body.error})` : ''}`,
        res.status,
      );
    }
    const seconds = typeof body.expires_in === 'number' && body.expires_in > 0 ? body.expires_in : 3600;
    return { accessToken: body.access_token, expiresOn: new Date(Date.now() + seconds * 1000) };
  }
}

/**
 * What `ConfigurationBotFrameworkAuthentication` asks for credentials: only our app id is valid (that is the inbound
 * audience check), and authentication is never disabled (an empty app id is refused when the adapter is built).
 */
export class ClientCredentialsFactory extends ServiceClientCredentialsFactory {
  constructor(
    private readonly appId: string,
    private readonly secret: string,
    private readonly tokenUrl: string,
  ) {
    super();
    if (!appId) throw new Error('A Teams app id is required: without one Bot Framework authentication is off');
  }

  toJSON(): Record<string, unknown> {
    return { name: 'ClientCredentialsFactory', appId: this.appId };
  }

  async isValidAppId(appId: string): Promise<boolean> {
    return appId === this.appId;
  }

  async isAuthenticationDisabled(): Promise<boolean> {
    return false;
  }

  async createCredentials(appId: string, audience: string | undefined): Promise<ServiceClientCredentials> {
    if (appId !== this.appId) throw new Error('Invalid appId.');
    return new ClientCredentials(appId, this.secret, this.tokenUrl, audience || BOT_FRAMEWORK_SCOPE);
  }
}
