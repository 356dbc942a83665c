// Every setting is read and written through defineSetting / defineSecret; the definitions
// live with their domain (shop, payments, shipping, documents).
export { defineSetting, forgetAllSettings, forgetSetting, type Setting } from './define';
export { defineSecret, type Secret } from './secret';
