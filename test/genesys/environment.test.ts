import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../src/coded-error.js';
import { gatewayFor, genesysEnvironment } from '../../src/genesys/index.js';
import { thrown } from '../support/thrown.js';

describe('where the Genesys client connects', () => {
  it('a region key becomes its domain; a domain stays itself', () => {
    expect(genesysEnvironment('eu_west_1')).toBe('mypurecloud.ie');
    expect(genesysEnvironment('us_west_2')).toBe('usw2.pure.cloud');
    expect(genesysEnvironment('mypurecloud.ie')).toBe('mypurecloud.ie');
    expect(genesysEnvironment('https://api.mypurecloud.de/')).toBe('mypurecloud.de');
  });

  it('something that is neither is refused naming GENESYS_REGION and an example', () => {
    expect(thrown(() => genesysEnvironment('paris'))).toMatchObject({
      code: ERROR_CODES.genesysConfig,
      retryable: false,
    });
    expect(() => genesysEnvironment('paris')).toThrow(/GENESYS_REGION.*eu_west_1/);
  });

  it('an API URL becomes the SDK gateway for login and API calls', () => {
    expect(gatewayFor('http://127.0.0.1:4101')).toEqual({ host: '127.0.0.1', protocol: 'http', port: 4101 });
    expect(gatewayFor('https://proxy.example.com/genesys/')).toEqual({
      host: 'proxy.example.com',
      protocol: 'https',
      path_params_api: '/genesys',
      path_params_login: '/genesys',
    });
    expect(() => gatewayFor('not a url')).toThrow(/GENESYS_API_URL/);
  });
});
