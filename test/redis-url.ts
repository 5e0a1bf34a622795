/** The Redis every test uses: the one `test/redis-setup.ts` found or started for this run. */
import { DEFAULT_REDIS_URL } from '../src/redis-bootstrap.js';

export const REDIS_URL = process.env.REDIS_URL || DEFAULT_REDIS_URL;
