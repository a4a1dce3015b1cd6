// One webpack entry point for everything the extension ships. Each part keeps its own config
// next to its sources; this file only lists them (`webpack --env part=hub` builds one part).
const parts = {
  task: () => require('./tasks/webpack.task.js'),
  hub: () => require('./hub/webpack.hub.js'),
  // The hub's component tests, bundled with its sources for mocha (out/test/hub/).
  'hub-tests': () => (env, argv) => require('./hub/webpack.hub.js')({ ...env, hubTests: true }, argv),
};

module.exports = (env = {}, argv = {}) => {
  const wanted = env.part ? String(env.part).split(',') : Object.keys(parts);
  return wanted
    .filter((name) => {
      if (!parts[name]) throw new Error(`unknown part "${name}" (known: ${Object.keys(parts).join(', ')})`);
      return true;
    })
    .map((name) => parts[name]()(env, argv));
};
