/** The fake Genesys Cloud Platform API for tests, benchmarks and `byoc sandbox`. */
export { didId, didNumbers, dids, trunkInstances } from './derived.js';
export { type GenesysFake, type GenesysFakeOptions, startGenesysFake } from './server.js';
export { buildState, type GenesysFakeState } from './state.js';
export { BYOC_CARRIER_METABASE_ID, BYOC_CARRIER_PROPERTIES } from './template.js';
