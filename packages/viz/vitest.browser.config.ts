import { browserTestConfig } from '../../vitest.browser.ts';

export default browserTestConfig();
