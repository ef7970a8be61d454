/**
 * The backend's module boundaries, checked by `npm test` (scripts/test.ts, first stage) and by
 * backend/src/boundaries.spec.ts. docs/architecture.md ("Module map") describes them.
 *
 * - A module (backend/src/modules/<x>/) is used by another module only through its face,
 *   `modules/<x>/index.ts` (services, ports, the Nest module, entity types). An entity's relation
 *   to another module's entity names it by a string target and imports only its type from the face.
 *   Code outside the modules (the data source's entity list) may also read `<x>.entities.ts`.
 * - No circular import anywhere in backend/src.
 * - infra/ and common/ import no module: they know no domain.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-module-internals',
      comment: "Another module's files are reached only through its face: modules/<x>/index.ts.",
      severity: 'error',
      from: { path: '^backend/src/modules/([^/]+)/' },
      to: {
        path: '^backend/src/modules/([^/]+)/',
        pathNot: ['^backend/src/modules/$1/', '^backend/src/modules/[^/]+/index\\.ts$'],
      },
    },
    {
      name: 'only-faces-from-outside',
      comment: 'Code outside the modules (entry points, composition roots, migrations) uses a module through its face too.',
      severity: 'error',
      from: { path: '^backend/src/', pathNot: '^backend/src/modules/[^/]+/' },
      to: {
        path: '^backend/src/modules/[^/]+/',
        pathNot: ['^backend/src/modules/[^/]+/index\\.ts$', '^backend/src/modules/[^/]+/[a-z-]+\\.entities\\.ts$'],
      },
    },
    {
      name: 'infra-and-common-know-no-module',
      comment: 'infra/ and common/ are below the modules: they import none (ports live in common/, implementations in modules).',
      severity: 'error',
      // Their specs may exercise a real module's face (e.g. the naming strategy on SystemPing).
      from: { path: '^backend/src/(infra|common)/', pathNot: '\\.spec\\.ts$' },
      to: { path: '^backend/src/modules/' },
    },
    {
      name: 'no-circular',
      comment:
        'A circular import makes load order matter (decorator metadata of a class not yet defined is undefined). ' +
        'A cycle closed only by type-only imports is erased at compile time and cannot change load order: entities name ' +
        "another module's entity by a string target and import its type from that module's face.",
      severity: 'error',
      from: { path: '^backend/src/' },
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['node_modules', '\\.d\\.ts$'] },
    includeOnly: '^backend/src/',
    tsConfig: { fileName: 'backend/tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
    },
    reporterOptions: {
      dot: { collapsePattern: '^backend/src/(modules/[^/]+|infra/[^/]+|common/[^/]+|config|migrations)/' },
    },
  },
};
