// The browser suite (lib/suite.mjs) at the desktop viewport.
import { browserSuite } from './lib/suite.mjs';

browserSuite('desktop');
