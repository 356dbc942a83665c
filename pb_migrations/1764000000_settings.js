/// <reference path="../pb_data/types.d.ts" />
// App settings: batch API on with room for bulk reconciliation, no public sign-up.
migrate((app) => {
  const settings = app.settings();
  settings.meta.appName = 'Packbench';
  settings.batch.enabled = true;
  settings.batch.maxRequests = 1000;
  settings.batch.timeout = 30;
  settings.batch.maxBodySize = 32 << 20;
  settings.rateLimits.enabled = false; // the app server is the only client; it limits per user itself
  app.save(settings);
}, (app) => {
  const settings = app.settings();
  settings.batch.enabled = false;
  app.save(settings);
});
