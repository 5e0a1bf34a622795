/**
 * Where the Genesys client connects: a region key (`eu_west_1`) or domain (`mypurecloud.ie`) becomes the SDK's
 * environment, and an optional API URL (the sandbox, tests) becomes the SDK's gateway. `setEnvironment('http://…')`
 * cannot point at a local server; `setGateway` can (docs/vendor-facts.md, "Genesys Cloud client").
 */
import platformClient from 'purecloud-platform-client-v2';
import { CodedError, ERROR_CODES } from '../coded-error.js';

/** GENESYS_* settings that cannot work; the message names the variable and shows a right value. */
export function genesysConfigError(message: string): CodedError {
  return new CodedError({ code: ERROR_CODES.genesysConfig, message, retryable: false, vendor: 'genesys' });
}

/** `eu_west_1` -> `mypurecloud.ie`; a domain is returned as given (without scheme, `api.` or trailing slash). */
export function genesysEnvironment(region: string): string {
  const hosts = platformClient.PureCloudRegionHosts;
  const key = region.trim();
  const byKey = hosts[key] ?? hosts[key.toLowerCase().replace(/-/g, '_')];
  if (byKey) return byKey;
  const domain = key
    .replace(/^https?:\/\//, '')
    .replace(/^(api|login)\./, '')
    .replace(/\/+$/, '');
  if (Object.values(hosts).includes(domain) || /^[a-z0-9-]+(\.[a-z0-9-]+)+$/i.test(domain)) return domain;
  throw genesysConfigError(
    `GENESYS_REGION "${region}" is neither a region key nor a domain; use e.g. eu_west_1 or mypurecloud.ie`,
  );
}

export interface Gateway {
  host: string;
  protocol: string;
  port?: number;
  path_params_api?: string;
  path_params_login?: string;
}

/** `http://127.0.0.1:4101` -> the SDK gateway sending both login and API calls there. */
export function gatewayFor(apiUrl: string): Gateway {
  let url: URL;
  try {
    url = new URL(apiUrl);
  } catch {
    throw genesysConfigError(`GENESYS_API_URL "${apiUrl}" is not a URL; use e.g. http://127.0.0.1:4101`);
  }
  const protocol = url.protocol.replace(/:$/, '');
  const path = url.pathname.replace(/\/+$/, '');
  return {
    host: url.hostname,
    protocol,
    ...(url.port ? { port: Number(url.port) } : {}),
    ...(path ? { path_params_api: path, path_params_login: path } : {}),
  };
}
