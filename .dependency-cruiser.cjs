/**
 * The layers of docs/architecture.md, checked by test/architecture.test.ts (part of `npm test`).
 * Each folder imports only from the folders before it:
 *   core/ → sim/engine/ → sim/model/ → sim/run, sim/experiments, sim/report, sim/io → src/ | cli/ → dashboards/
 * (sim/engine does not even import core/: the kernel knows nothing of helplines).
 */
const PURE = '^(core|sim/engine|sim/model)/';
/** npm packages the pure layers may use: computation only, no I/O, no clock. */
const PURE_PACKAGES = '(^|/)node_modules/(zod|pure-rand|hdr-histogram-js|@stdlib/stats-base-dists-[a-z]+-quantile)/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'A cycle makes two modules one; split out what both need.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'core-imports-only-core',
      severity: 'error',
      comment: 'core/ (scenario, routing, time, analytic) is the lowest layer.',
      from: { path: '^core/' },
      to: { dependencyTypesNot: ['core', 'npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-no-pkg', 'npm-unknown'], pathNot: '^core/' },
    },
    {
      name: 'engine-imports-only-engine',
      severity: 'error',
      comment: 'The kernel (calendar, random streams, distributions) knows nothing of helplines or scenarios.',
      from: { path: '^sim/engine/' },
      to: { dependencyTypesNot: ['core', 'npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-no-pkg', 'npm-unknown'], pathNot: '^sim/engine/' },
    },
    {
      name: 'model-imports-core-and-engine',
      severity: 'error',
      comment: 'The helpline model is a client of the engine and of the routing core, nothing above.',
      from: { path: '^sim/model/' },
      to: { dependencyTypesNot: ['core', 'npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-no-pkg', 'npm-unknown'], pathNot: '^(core|sim/engine|sim/model)/' },
    },
    {
      name: 'sim-not-up',
      severity: 'error',
      comment: 'The simulator and the shared sim/io layer serve the service and the CLI; they never import them.',
      from: { path: '^sim/' },
      to: { path: '^(src|cli|dashboards)/' },
    },
    {
      name: 'service-not-cli',
      severity: 'error',
      comment: 'The service shares code with the CLI through sim/io, never by importing it.',
      from: { path: '^src/' },
      to: { path: '^(cli|dashboards)/' },
    },
    {
      name: 'cli-not-service',
      severity: 'error',
      comment: 'The command line runs without the service.',
      from: { path: '^cli/' },
      to: { path: '^(src|dashboards)/' },
    },
    {
      name: 'pure-no-io',
      severity: 'error',
      comment: 'core/, sim/engine/ and sim/model/ compute only: no file system, processes, sockets or HTTP.',
      from: { path: PURE },
      to: { dependencyTypes: ['core'], path: '^(node:)?(fs|fs/promises|child_process|net|http|https|http2|dgram|worker_threads)$' },
    },
    {
      name: 'pure-packages-only',
      severity: 'error',
      comment: 'The pure layers use only npm packages that compute (zod, pure-rand, hdr-histogram-js, @stdlib quantile functions).',
      from: { path: PURE },
      to: { dependencyTypes: ['npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-no-pkg', 'npm-unknown'], pathNot: PURE_PACKAGES },
    },
  ],
  options: {
    doNotFollow: { path: '(^|/)node_modules/' },
    exclude: { path: '^dist/' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
  },
};
