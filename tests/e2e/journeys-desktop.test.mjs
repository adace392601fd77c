// The reader's journeys at the desktop size (lib/journeys.mjs), within its budget (lib/lifecycle.mjs).
import { fileBudget } from './lib/lifecycle.mjs';
import { journeys } from './lib/journeys.mjs';

fileBudget(import.meta.url, 120_000);
journeys('desktop');
