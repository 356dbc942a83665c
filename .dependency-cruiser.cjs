// Packbench's boundaries (docs/architecture.md, "Where things live"), checked by `npm test`
// and `npm run lint:deps`. A domain lives in three homes: src/lib/<domain> (shared types,
// rules, state), src/lib/components/<domain> (.svelte only) and src/lib/server/<domain>.
// Imports that broke a rule before it existed are listed in
// .dependency-cruiser-known-violations.json and may only shrink (`npm run lint:deps:baseline`
// after removing some); a new one fails the run.
const DOMAINS = 'auth|devices|documents|layout|mail|orders|outbox|payments|picking|realtime|settings|shipping|shop|stock|track';
const GENERIC = '^src/lib/(money|documents/pdf|scanning|i18n|search)/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'server-only',
      comment:
        'Only server code imports $lib/server (types included): the UI takes API types from RouterInputs/RouterOutputs in src/lib/trpc.ts.',
      severity: 'error',
      from: {
        path: '^src/',
        pathNot: [
          '^src/lib/server/',
          '^src/hooks\\.server\\.ts$',
          // App.Locals: what the server's hooks put on each request (a declaration file)
          '^src/app\\.d\\.ts$',
          '^src/routes/.*\\+(server|page\\.server|layout\\.server)\\.ts$',
          // the one allowed type import: the router's type for the tRPC client
          '^src/lib/trpc\\.ts$'
        ]
      },
      to: { path: '^src/lib/server/' }
    },
    {
      name: 'trpc-client-types-only',
      comment: 'src/lib/trpc.ts may take the router TYPE from the server, nothing else.',
      severity: 'error',
      from: { path: '^src/lib/trpc\\.ts$' },
      to: { path: '^src/lib/server/', pathNot: '^src/lib/server/trpc/root\\.ts$' }
    },
    {
      name: 'server-no-components',
      comment: 'Server code never imports UI components.',
      severity: 'error',
      from: { path: '^src/lib/server/' },
      to: { path: '^src/lib/components/' }
    },
    {
      name: 'components-hold-svelte-only',
      comment: 'src/lib/components/<domain> holds .svelte files (and their tests) only; modules go to src/lib/<domain>.',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^src/lib/components/.*\\.(ts|js)$' }
    },
    {
      name: 'generic-tools-no-domain',
      comment: 'Generic tools (money, pdf, scanning, i18n, search) import no domain.',
      severity: 'error',
      from: { path: GENERIC },
      to: { path: `^src/lib/(server|components|${DOMAINS})/`, pathNot: GENERIC }
    },
    {
      name: 'no-cycles',
      comment: 'No import cycles between modules.',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true }
    },
    {
      name: 'no-folder-cycles',
      comment:
        'No import cycles between folders (a folder with its subfolders, e.g. server/orders, server/payments/providers, lib/shop): lower layers never import higher ones (docs/architecture.md, "Layers").',
      severity: 'error',
      scope: 'folder',
      from: { path: '^src/' },
      to: { circular: true }
    }
  ],
  options: {
    // tests/ and scripts/ are outside the boundaries: a test next to the code may use their helpers,
    // which import src/ again (that would read as a folder cycle), so their imports are not followed
    doNotFollow: { path: ['node_modules', '^tests/', '^scripts/'] },
    exclude: { path: '(^|/)node_modules/|\\.svelte-kit/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    // SvelteKit's $lib alias: tsconfig's paths (in .svelte-kit/) have no baseUrl, so resolve it as webpack would
    webpackConfig: { fileName: '.dependency-cruiser.resolve.cjs' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types', 'svelte'],
      extensions: ['.ts', '.js', '.svelte', '.json'],
      mainFields: ['module', 'main', 'types', 'typings']
    },
    reporterOptions: { text: { highlightFocused: true } }
  }
};
