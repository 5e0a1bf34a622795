/**
 * botbuilder's CloudAdapter with `ConfigurationBotFrameworkAuthentication`, set up so that:
 *
 * - every inbound activity needs a Bot Framework JWT: signed by a key from TEAMS_OPENID_METADATA_URL and endorsed
 *   for the activity's channel, issuer `https://api.botframework.com`, audience our app id, not expired (5 minutes
 *   of clock skew), `serviceurl` claim equal to the activity's serviceUrl
 *   (https://learn.microsoft.com/en-us/azure/bot-service/rest-api/bot-framework-rest-connector-authentication);
 *   tokens of other kinds (Emulator, skills) are refused by `validateClaims`;
 * - authentication is never off: the credentials factory refuses an empty app id;
 * - replies get their token from TEAMS_LOGIN_URL (`client-credentials.ts`), so with the URLs pointing at a fake
 *   nothing calls a Microsoft host.
 */
import {
  type Activity,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type InvokeResponse,
  type TurnContext,
} from 'botbuilder';
import { AuthenticationError, type Claim } from 'botframework-connector';
import { BOT_FRAMEWORK_OPENID_METADATA_URL, type TeamsConfig } from '../../config.js';
import { BOT_FRAMEWORK_SCOPE, ClientCredentialsFactory } from './client-credentials.js';

export const BOT_FRAMEWORK_TOKEN_ISSUER = 'https://api.botframework.com';
const EMULATOR_OPENID_METADATA_URL =
  'https://login.microsoftonline.com/botframework.com/v2.0/.well-known/openid-configuration';
/** The caller id botbuilder stamps on activities from the public Azure channel service. */
const PUBLIC_AZURE_CALLER_ID = 'urn:botframework:azure';

/**
 * CloudAdapter, with its authenticate-then-run step public: `process()` answers 500 when jsonwebtoken (rather than
 * botbuilder) rejects a token, and the endpoint must answer 401 for every authentication failure.
 */
export class TeamsCloudAdapter extends CloudAdapter {
  authenticateAndRun(
    authorization: string,
    activity: Activity,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<InvokeResponse | undefined> {
    return this.processActivity(authorization, activity, logic);
  }
}

export function createCloudAdapter(teams: TeamsConfig): TeamsCloudAdapter {
  const custom = teams.openIdMetadataUrl !== BOT_FRAMEWORK_OPENID_METADATA_URL;
  const auth = new ConfigurationBotFrameworkAuthentication(
    {
      MicrosoftAppId: teams.appId,
      MicrosoftAppType: teams.appType,
      ...(teams.tenantId ? { MicrosoftAppTenantId: teams.tenantId } : {}),
      ToBotFromChannelOpenIdMetadataUrl: teams.openIdMetadataUrl,
      // botbuilder looks Emulator-looking tokens up there; they are refused below anyway, and with a custom
      // metadata URL (tests, sandbox) that lookup must not go to Microsoft either.
      ToBotFromEmulatorOpenIdMetadataUrl: custom ? teams.openIdMetadataUrl : EMULATOR_OPENID_METADATA_URL,
      ToBotFromChannelTokenIssuer: BOT_FRAMEWORK_TOKEN_ISSUER,
      ToChannelFromBotLoginUrl: teams.loginUrl,
      ToChannelFromBotOAuthScope: BOT_FRAMEWORK_SCOPE,
      OAuthUrl: BOT_FRAMEWORK_SCOPE,
      CallerId: PUBLIC_AZURE_CALLER_ID,
      ValidateAuthority: true,
    },
    new ClientCredentialsFactory(teams.appId, teams.appPassword, teams.loginUrl),
    {
      requiredEndorsements: [],
      validateClaims: async (claims: Claim[]) => {
        const issuer = claims.find((c) => c.type === 'iss')?.value;
        if (issuer !== BOT_FRAMEWORK_TOKEN_ISSUER)
          throw new AuthenticationError('Unauthorized. Only Bot Framework channel tokens are accepted.', 401);
      },
    },
  );
  return new TeamsCloudAdapter(auth);
}

/** Whether a failure of `processActivity` is the request's authentication (401), not the bot's fault. */
export function isAuthenticationFailure(err: unknown): boolean {
  if (err instanceof AuthenticationError) return true;
  const name = (err as { name?: unknown } | undefined)?.name;
  // jsonwebtoken's errors (bad signature, wrong issuer, not yet valid) escape botbuilder unwrapped.
  return name === 'JsonWebTokenError' || name === 'TokenExpiredError' || name === 'NotBeforeError';
}
