// Every page at the phone size, shard 1 of 2 (lib/pages.mjs), within its budget (lib/lifecycle.mjs).
import { fileBudget } from './lib/lifecycle.mjs';
import { pageChecks } from './lib/pages.mjs';

fileBudget(import.meta.url, 120_000);
pageChecks('phone', { shard: 1, of: 2 });
