// Emits the hub's HTML page. The Content-Security-Policy is a second line of defence behind
// rendering scanned content as text only: no inline script, no script from elsewhere.
class HubPagePlugin {
  constructor(options) {
    this.options = options;
  }

  apply(compiler) {
    const { RawSource } = compiler.webpack.sources;
    const { filename, title, scripts } = this.options;
    compiler.hooks.thisCompilation.tap('HubPagePlugin', (compilation) => {
      compilation.hooks.processAssets.tap({ name: 'HubPagePlugin', stage: compiler.webpack.Compilation.PROCESS_ASSETS_STAGE_ADDITIONAL }, () => {
        const csp = [
          "default-src 'self'",
          "script-src 'self'",
          // style-loader and azure-devops-ui inject <style> elements.
          "style-src 'self' 'unsafe-inline'",
          "img-src 'self' data: https: http:",
          "font-src 'self' data:",
          // REST calls go to the organisation's hosts, which the page cannot know in advance.
          'connect-src https: http:',
          "object-src 'none'",
          "base-uri 'self'",
        ].join('; ');
        const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
</head>
<body>
<div id="root"></div>
${scripts.map((s) => `<script src="${s}"></script>`).join('\n')}
</body>
</html>
`;
        compilation.emitAsset(filename, new RawSource(html));
      });
    });
  }
}

module.exports = { HubPagePlugin };
