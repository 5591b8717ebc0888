/**
 * The import rules between the server's layers and the workspace packages (docs/adr/0010).
 * `npm run lint` runs this, so a break fails `npm test`.
 */
const SERVER = '^packages/server/src/';
const ROOT = `${SERVER}(composition/|platform\\.ts$|server\\.ts$|index\\.ts$)`;
const SERVICES = `${SERVER}(access|audit|services|serving|prediction-log|monitoring|jobs|webhooks|pipelines)/`;

// eslint-disable-next-line no-undef -- a CommonJS config file: dependency-cruiser loads it with require.
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'Import cycles make initialisation order fragile and layers meaningless.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'storage-is-primitives',
      comment: 'Stores know their database and the leaf helpers, nothing above them.',
      severity: 'error',
      from: { path: `${SERVER}storage/` },
      to: { path: SERVER, pathNot: `${SERVER}(storage|support)/` },
    },
    {
      name: 'only-the-composition-root-builds-stores',
      comment:
        'Services depend on the store interfaces in @slipway/core; only the composition root constructs stores.',
      severity: 'error',
      from: { path: SERVER, pathNot: [`${SERVER}storage/`, ROOT] },
      to: { path: `${SERVER}storage/` },
    },
    {
      name: 'surfaces-receive-services',
      comment: "Routes get their module's services, never the Platform, stores or the root.",
      severity: 'error',
      from: { path: `${SERVER}(http|grpc)/` },
      to: { path: [ROOT, `${SERVER}storage/`] },
    },
    {
      name: 'services-know-no-surface',
      comment: 'Services are called by surfaces and jobs, and call neither.',
      severity: 'error',
      from: { path: SERVICES },
      to: { path: [`${SERVER}(http|grpc)/`, ROOT] },
    },
    {
      name: 'prediction-log-is-its-own-module',
      comment:
        'Serving writes the prediction log; the log (read by monitoring) never imports serving.',
      severity: 'error',
      from: { path: `${SERVER}prediction-log/` },
      to: { path: `${SERVER}serving/` },
    },
    {
      name: 'jobs-know-no-service',
      comment:
        'Services register their jobs with the one home for background work, not the reverse.',
      severity: 'error',
      from: { path: `${SERVER}jobs/` },
      to: { path: `${SERVER}(access|audit|services|serving|prediction-log|monitoring|pipelines)/` },
    },
    {
      name: 'leaves-are-leaves',
      comment: 'Settings, the logger and the support helpers import nothing else of the server.',
      severity: 'error',
      from: { path: `${SERVER}(config|logging|support)/` },
      to: { path: SERVER, pathNot: `${SERVER}(config|logging|support)/` },
    },
    {
      name: 'core-is-the-bottom',
      comment: 'Core is imported by every package and imports none of them.',
      severity: 'error',
      from: { path: '^packages/core/' },
      to: { path: '^packages/(server|sdk|cli|web)/' },
    },
    {
      name: 'sdk-stays-a-client',
      comment: 'The SDK installs without native modules: it never imports the server or the CLI.',
      severity: 'error',
      from: { path: '^packages/sdk/' },
      to: { path: '^packages/(server|cli|web)/' },
    },
    {
      name: 'web-talks-through-the-sdk',
      comment:
        'The web UI reaches the server through @slipway/sdk and the documented API only (and core for types and pure helpers).',
      severity: 'error',
      from: { path: '^packages/web/src/' },
      to: { path: '^packages/', pathNot: '^packages/(web|sdk|core)/' },
    },
    {
      name: 'web-app-stays-in-the-browser',
      comment:
        "The UI's code never imports the package's Node entry (it would bundle node: modules).",
      severity: 'error',
      from: { path: '^packages/web/src/', pathNot: '^packages/web/src/node/' },
      to: { path: '^packages/web/src/node/' },
    },
    {
      name: 'web-node-entry-is-a-leaf',
      comment:
        'The Node entry only says where the built UI is: it imports nothing of the workspace.',
      severity: 'error',
      from: { path: '^packages/web/src/node/' },
      to: { path: '^packages/', pathNot: '^packages/web/src/node/' },
    },
    {
      name: 'server-takes-only-the-built-ui',
      comment:
        'The server serves the built UI: from @slipway/web it imports the dist directory entry, nothing else.',
      severity: 'error',
      from: { path: '^packages/(server|cli)/' },
      to: { path: '^packages/web/', pathNot: '^packages/web/src/node/dist-dir\\.ts$' },
    },
    {
      name: 'cli-loads-the-server-lazily',
      comment:
        'Client commands must not load the server (native modules): only import() or type imports.',
      severity: 'error',
      from: { path: '^packages/cli/src/' },
      to: { path: '^packages/server/', dependencyTypesNot: ['dynamic-import', 'type-only'] },
    },
  ],
  options: {
    includeOnly: '^packages/[^/]+/src/',
    exclude: { path: '\\.test\\.tsx?$' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.base.json' },
    enhancedResolveOptions: {
      // Workspace packages resolve to their TypeScript sources, as in the tests.
      conditionNames: ['slipway-source', 'import', 'types', 'default'],
      exportsFields: ['exports'],
      mainFields: ['main', 'types'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.json'],
    },
  },
};
