/** DESIGN.md layering, enforced in CI (npm run lint).
 *  main → commands/screens → ui → registry → core → backends → lib. A folder imports only folders below it. */
const layers = ['lib', 'backends', 'core', 'registry', 'ui', 'screens', 'commands'];
const below = (l) => layers.slice(0, layers.indexOf(l));
const forbidden = [
  // a cycle closed only by a lazy `load: () => import(...)` (help/__complete read the table that lists them) is fine
  { name: 'no-circular', severity: 'error', from: {}, to: { circular: true, viaOnly: { dependencyTypesNot: ['dynamic-import'] } } },
  { name: 'core-backends-no-ink-react', severity: 'error', comment: 'core and backends never import ink/react',
    from: { path: '^src/(core|backends|lib|registry)/' }, to: { path: '(^|/)node_modules/(ink|react|@inkjs/ui|ink-testing-library)/' } },
  { name: 'commands-no-ink-react', severity: 'error', comment: 'plain commands must not load Ink or React (start-up cost); the tui command imports screens lazily',
    from: { path: '^src/commands/' }, to: { path: '(^|/)node_modules/(ink|react|@inkjs/ui)/', dependencyTypesNot: ['dynamic-import'] } },
  { name: 'screens-no-backends', severity: 'error', comment: 'screens never import backends',
    from: { path: '^src/(screens|ui)/' }, to: { path: '^src/backends/', dependencyTypesNot: ['type-only'] } },
  { name: 'commands-no-screens-static', severity: 'error', comment: 'commands load screens only through dynamic import',
    from: { path: '^src/commands/' }, to: { path: '^src/(screens|ui)/', dependencyTypesNot: ['dynamic-import', 'type-only'] } },
];
for (const l of ['lib', 'backends', 'core', 'registry', 'ui', 'screens']) {
  const allowed = below(l).concat(l);
  forbidden.push({
    name: `layer-${l}`, severity: 'error', comment: `src/${l} may import only ${allowed.join(', ')}`,
    from: { path: `^src/${l}/` },
    to: { path: '^src/', pathNot: `^src/(${allowed.join('|')})/` },
  });
}
module.exports = {
  forbidden,
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'], extensions: ['.ts', '.tsx', '.js', '.mjs'] },
  },
};
