// The browser suite (lib/suite.mjs) at the phone viewport.
import { browserSuite } from './lib/suite.mjs';

browserSuite('phone');
