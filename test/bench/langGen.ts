/**
 * Source-like text for the benchmark corpus: plausible code in each language (imports,
 * types, functions, comments, string literals, configuration), drawn from the seeded PRNG.
 * Not meant to compile, meant to look to a scanner like what repositories hold.
 */
import type { Rng } from './prng';
import { camel, funcName, ident, pascal, sentence, snake, upper, words, WORDS } from './names';
import { ALNUM } from './secretKinds';

type Gen = (rng: Rng, target: number) => string[];

function fill(rng: Rng, target: number, header: string[], unit: (rng: Rng) => string[], footer: string[] = []): string[] {
  const lines = [...header];
  let size = header.reduce((n, l) => n + l.length + 1, 0);
  while (size < target) {
    const u = unit(rng);
    for (const l of u) {
      lines.push(l);
      size += l.length + 1;
    }
  }
  lines.push(...footer);
  return lines;
}

function urlPath(rng: Rng): string {
  return '/' + words(rng, rng.range(1, 3), 0).join('/') + (rng.chance(300) ? '/${id}' : '');
}

function literal(rng: Rng): string {
  switch (rng.int(6)) {
    case 0: return `'${sentence(rng, rng.range(2, 6)).slice(0, -1)}'`;
    case 1: return `"${ident(rng, 'snake')}"`;
    case 2: return String(rng.int(10000));
    case 3: return rng.chance(500) ? 'true' : 'false';
    case 4: return `'${urlPath(rng)}'`;
    default: return `"${ident(rng, 'camel')}"`;
  }
}

// ---- TypeScript / JavaScript ------------------------------------------------------------

function tsUnit(rng: Rng, typed: boolean): string[] {
  const t = (s: string): string => (typed ? s : '');
  const name = funcName(rng, 'camel');
  const arg = ident(rng, 'camel', 1);
  const T = ident(rng, 'pascal', rng.range(1, 2), 10);
  const out: string[] = [];
  switch (rng.int(6)) {
    case 0: {
      out.push(`/**`, ` * ${sentence(rng)}`, ` * ${sentence(rng)}`, ` */`);
      out.push(`export async function ${name}(${arg}${t(`: ${T}`)}, options${t(`: ${T}Options`)} = {})${t(`: Promise<${T}Result>`)} {`);
      out.push(`  const response = await fetch(\`\${baseUrl}${urlPath(rng)}\`, { method: '${rng.pick(['GET', 'POST', 'PUT', 'DELETE'])}', headers: { Authorization: \`Bearer \${${rng.pick(['token', 'accessToken', 'session.token'])}}\` } });`);
      out.push(`  if (!response.ok) {`, `    throw new Error(\`${sentence(rng, 4).slice(0, -1)}: \${response.status}\`);`, `  }`);
      const n = rng.range(1, 5);
      for (let i = 0; i < n; i++) out.push(`  const ${ident(rng, 'camel')} = ${arg}.${ident(rng, 'camel', 1)} ?? ${literal(rng)};`);
      out.push(`  return (await response.json())${t(` as ${T}Result`)};`, `}`, ``);
      break;
    }
    case 1: {
      if (typed) {
        out.push(`export interface ${T} {`);
        const n = rng.range(3, 10);
        for (let i = 0; i < n; i++) out.push(`  ${ident(rng, 'camel')}${rng.chance(300) ? '?' : ''}: ${rng.pick(['string', 'number', 'boolean', 'Date', `${pascal([rng.pick(WORDS)])}[]`, 'Record<string, string>'])};`);
        out.push(`}`, ``);
      } else {
        out.push(`const ${upper(words(rng, 2, 0))} = Object.freeze({`);
        const n = rng.range(3, 10);
        for (let i = 0; i < n; i++) out.push(`  ${ident(rng, 'camel')}: ${literal(rng)},`);
        out.push(`});`, ``);
      }
      break;
    }
    case 2: {
      out.push(`export class ${T}Service {`);
      out.push(`  constructor(private readonly ${ident(rng, 'camel', 1)}${t(`: ${T}Repository`)}, private readonly logger${t(': Logger')}) {}`, ``);
      const n = rng.range(2, 5);
      for (let i = 0; i < n; i++) {
        const m = funcName(rng, 'camel');
        out.push(`  ${rng.chance(500) ? 'async ' : ''}${m}(${arg}${t(': string')})${t(`: ${rng.pick(['void', 'boolean', T, 'Promise<void>'])}`)} {`);
        out.push(`    // ${sentence(rng)}`);
        out.push(`    this.logger.${rng.pick(['debug', 'info', 'warn'])}('${m} %s', ${arg});`);
        out.push(`    if (${arg}.length > ${rng.range(8, 512)}) return ${rng.pick(['false', 'undefined', 'null'])};`);
        if (rng.chance(120)) out.push(`    const passwordHash = await hash(${arg}, ${rng.range(8, 14)});`);
        if (rng.chance(80)) out.push(`    const secretName = '${ident(rng, 'snake')}';`);
        out.push(`    return this.${ident(rng, 'camel', 1)}.${funcName(rng, 'camel')}(${arg});`, `  }`, ``);
      }
      out.push(`}`, ``);
      break;
    }
    case 3: {
      out.push(`import { ${ident(rng, 'pascal', 2, 10)}, ${funcName(rng, 'camel')} } from '${rng.pick(['./', '../', '@contoso/'])}${snake(words(rng, rng.range(1, 2), 0)).replace(/_/g, '-')}';`);
      break;
    }
    case 4: {
      out.push(`describe('${T}', () => {`);
      const n = rng.range(1, 4);
      for (let i = 0; i < n; i++) {
        out.push(`  it('${sentence(rng, rng.range(3, 8)).slice(0, -1).toLowerCase()}', async () => {`);
        out.push(`    const result = await ${name}(${literal(rng)});`);
        out.push(`    expect(result.${ident(rng, 'camel', 1)}).toEqual(${literal(rng)});`, `  });`);
      }
      out.push(`});`, ``);
      break;
    }
    default: {
      out.push(`export const ${name} = (${arg}${t(`: ${T}`)}) =>`);
      out.push(`  ${arg}.${rng.pick(['filter', 'map', 'some', 'every'])}((x) => x.${ident(rng, 'camel', 1)} ${rng.pick(['===', '!==', '>', '<'])} ${literal(rng)});`, ``);
    }
  }
  return out;
}

const ts: Gen = (rng, target) =>
  fill(rng, target, [`// ${sentence(rng)}`, `import { Logger } from '../logging';`, `import type { ${ident(rng, 'pascal', 2)} } from './types';`, ``], (r) => tsUnit(r, true));

const js: Gen = (rng, target) =>
  fill(rng, target, [`'use strict';`, `const path = require('path');`, `const { ${funcName(rng, 'camel')} } = require('./${ident(rng, 'snake', 1)}');`, ``], (r) => tsUnit(r, false), [`module.exports = { ${funcName(rng, 'camel')} };`]);

// ---- Python --------------------------------------------------------------------------------

const py: Gen = (rng, target) =>
  fill(
    rng,
    target,
    [`"""${sentence(rng)}"""`, `import logging`, `import os`, `from typing import Any, Dict, List, Optional`, ``, `logger = logging.getLogger(__name__)`, ``],
    (r) => {
      const out: string[] = [];
      if (r.chance(400)) {
        const C = ident(r, 'pascal', 2, 10);
        out.push(``, `class ${C}:`, `    """${sentence(r)}"""`, ``, `    def __init__(self, ${ident(r, 'snake', 1)}: str, timeout: int = ${r.range(5, 120)}) -> None:`);
        const n = r.range(2, 6);
        for (let i = 0; i < n; i++) out.push(`        self.${ident(r, 'snake')} = ${r.pick(['None', '[]', '{}', '0', `"${ident(r, 'snake', 1)}"`])}`);
        if (r.chance(150)) out.push(`        self.password = os.environ.get("${upper(words(r, 1, 0))}_PASSWORD")`);
      }
      const f = funcName(r, 'snake');
      out.push(``, `def ${f}(${ident(r, 'snake', 1)}: Dict[str, Any], ${ident(r, 'snake', 1)}: Optional[str] = None) -> List[str]:`, `    # ${sentence(r)}`);
      const n = r.range(2, 8);
      for (let i = 0; i < n; i++) {
        switch (r.int(4)) {
          case 0: out.push(`    ${ident(r, 'snake')} = ${literal(r).replace(/^'(.*)'$/, '"$1"')}`); break;
          case 1: out.push(`    if ${ident(r, 'snake', 1)} is None:`, `        raise ValueError("${sentence(r, 4).slice(0, -1)}")`); break;
          case 2: out.push(`    logger.${r.pick(['debug', 'info', 'warning'])}("%s ${r.pick(WORDS)}", ${ident(r, 'snake', 1)})`); break;
          default: out.push(`    for item in ${ident(r, 'snake', 1)}:`, `        result.append(item.get("${ident(r, 'snake', 1)}", ${r.int(100)}))`);
        }
      }
      out.push(`    return result`);
      return out;
    },
  );

// ---- C# -------------------------------------------------------------------------------------

const cs: Gen = (rng, target) => {
  const ns = `Contoso.${pascal(words(rng, 1, 0))}.${pascal(words(rng, 1, 0))}`;
  const C = ident(rng, 'pascal', 2, 10);
  return fill(
    rng,
    target,
    [`using System;`, `using System.Collections.Generic;`, `using System.Threading.Tasks;`, `using Microsoft.Extensions.Logging;`, ``, `namespace ${ns}`, `{`, `    /// <summary>${sentence(rng)}</summary>`, `    public class ${C}`, `    {`, `        private readonly ILogger<${C}> _logger;`, ``],
    (r) => {
      const out: string[] = [];
      const m = funcName(r, 'pascal');
      const T = ident(r, 'pascal', 1, 10);
      if (r.chance(300)) {
        out.push(`        public ${r.pick(['string', 'int', 'bool', 'DateTime', `List<${T}>`])} ${ident(r, 'pascal')} { get; set; }`, ``);
        return out;
      }
      out.push(`        /// <summary>`, `        /// ${sentence(r)}`, `        /// </summary>`);
      out.push(`        public async Task<${T}> ${m}Async(string ${ident(r, 'camel', 1)}, int ${ident(r, 'camel', 1)} = ${r.range(1, 100)})`, `        {`);
      const n = r.range(2, 7);
      for (let i = 0; i < n; i++) {
        switch (r.int(4)) {
          case 0: out.push(`            var ${ident(r, 'camel')} = await _${ident(r, 'camel', 1)}.${funcName(r, 'pascal')}Async(${literal(r).replace(/'/g, '"')});`); break;
          case 1: out.push(`            if (string.IsNullOrEmpty(${ident(r, 'camel', 1)}))`, `            {`, `                throw new ArgumentException("${sentence(r, 4).slice(0, -1)}");`, `            }`); break;
          case 2: out.push(`            _logger.Log${r.pick(['Information', 'Debug', 'Warning'])}("${sentence(r, 5).slice(0, -1)} {Id}", ${ident(r, 'camel', 1)});`); break;
          default: out.push(`            // ${sentence(r)}`);
        }
      }
      if (r.chance(100)) out.push(`            var password = configuration["${pascal(words(r, 1, 0))}:Password"];`);
      out.push(`            return new ${T}();`, `        }`, ``);
      return out;
    },
    [`    }`, `}`],
  );
};

// ---- Java -----------------------------------------------------------------------------------

const java: Gen = (rng, target) => {
  const pkg = `com.contoso.${words(rng, 2, 0).join('.')}`;
  const C = ident(rng, 'pascal', 2, 10);
  return fill(
    rng,
    target,
    [`package ${pkg};`, ``, `import java.util.List;`, `import java.util.Optional;`, `import org.slf4j.Logger;`, `import org.slf4j.LoggerFactory;`, ``, `/** ${sentence(rng)} */`, `public class ${C} {`, `    private static final Logger LOG = LoggerFactory.getLogger(${C}.class);`, ``],
    (r) => {
      const out: string[] = [];
      const T = ident(r, 'pascal', 1, 10);
      out.push(`    /**`, `     * ${sentence(r)}`, `     */`);
      out.push(`    public Optional<${T}> ${funcName(r, 'camel')}(final String ${ident(r, 'camel', 1)}, final int ${ident(r, 'camel', 1)}) {`);
      const n = r.range(2, 7);
      for (let i = 0; i < n; i++) {
        switch (r.int(4)) {
          case 0: out.push(`        final ${T} ${ident(r, 'camel')} = ${ident(r, 'camel', 1)}Repository.${funcName(r, 'camel')}(${literal(r).replace(/'/g, '"')});`); break;
          case 1: out.push(`        if (${ident(r, 'camel', 1)} == null) {`, `            throw new IllegalArgumentException("${sentence(r, 4).slice(0, -1)}");`, `        }`); break;
          case 2: out.push(`        LOG.${r.pick(['debug', 'info', 'warn'])}("${sentence(r, 5).slice(0, -1)} {}", ${ident(r, 'camel', 1)});`); break;
          default: out.push(`        // ${sentence(r)}`);
        }
      }
      if (r.chance(100)) out.push(`        final char[] password = System.getenv("APP_PASSWORD").toCharArray();`);
      out.push(`        return Optional.empty();`, `    }`, ``);
      return out;
    },
    [`}`],
  );
};

// ---- Go -------------------------------------------------------------------------------------

const go: Gen = (rng, target) =>
  fill(
    rng,
    target,
    [`// Package ${words(rng, 1, 0)[0]} ${sentence(rng).toLowerCase()}`, `package ${words(rng, 1, 0)[0]}`, ``, `import (`, `\t"context"`, `\t"fmt"`, `\t"net/http"`, `)`, ``],
    (r) => {
      const out: string[] = [];
      const T = ident(r, 'pascal', 1, 10);
      if (r.chance(300)) {
        out.push(`// ${T} ${sentence(r).toLowerCase()}`, `type ${T} struct {`);
        const n = r.range(2, 8);
        for (let i = 0; i < n; i++) {
          const f = ident(r, 'pascal');
          out.push(`\t${f} ${r.pick(['string', 'int', 'bool', '[]string', 'time.Duration'])} \`json:"${camel([f])}"\``);
        }
        out.push(`}`, ``);
      }
      const f = funcName(r, 'pascal');
      out.push(`// ${f} ${sentence(r).toLowerCase()}`, `func (s *Service) ${f}(ctx context.Context, ${ident(r, 'camel', 1)} string) (*${T}, error) {`);
      const n = r.range(2, 6);
      for (let i = 0; i < n; i++) {
        switch (r.int(3)) {
          case 0: out.push(`\t${ident(r, 'camel', 1)}, err := s.${ident(r, 'camel', 1)}.${funcName(r, 'pascal')}(ctx, ${literal(r).replace(/'/g, '"')})`, `\tif err != nil {`, `\t\treturn nil, fmt.Errorf("${sentence(r, 3).slice(0, -1).toLowerCase()}: %w", err)`, `\t}`); break;
          case 1: out.push(`\treq, _ := http.NewRequestWithContext(ctx, http.MethodGet, s.baseURL+"${urlPath(r).replace('${id}', '')}", nil)`, `\treq.Header.Set("Authorization", "Bearer "+s.token)`); break;
          default: out.push(`\t// ${sentence(r)}`);
        }
      }
      out.push(`\treturn &${T}{}, nil`, `}`, ``);
      return out;
    },
  );

// ---- YAML / JSON / Markdown ---------------------------------------------------------------------

const yaml: Gen = (rng, target) => {
  if (rng.chance(400)) {
    return fill(rng, target, [`trigger:`, `  branches:`, `    include: [main, release/*]`, ``, `pool:`, `  vmImage: ubuntu-latest`, ``, `steps:`], (r) => [
      `- task: ${r.pick(['NodeTool@0', 'DotNetCoreCLI@2', 'Docker@2', 'AzureCLI@2', 'PublishBuildArtifacts@1'])}`,
      `  displayName: ${sentence(r, r.range(2, 5)).slice(0, -1)}`,
      `  inputs:`,
      `    ${ident(r, 'camel', 1)}: ${literal(r).replace(/'/g, '')}`,
      `    ${ident(r, 'camel', 1)}: $(${ident(r, 'camel', 2)})`,
      ...(r.chance(150) ? [`  env:`, `    ${upper(words(r, 1, 0))}_TOKEN: $(System.AccessToken)`] : []),
    ]);
  }
  return fill(rng, target, [`apiVersion: apps/v1`, `kind: Deployment`, `metadata:`, `  name: ${snake(words(rng, 2, 0)).replace(/_/g, '-')}`, `spec:`, `  template:`, `    spec:`, `      containers:`], (r) => {
    const name = snake(words(r, 2, 0)).replace(/_/g, '-');
    const out = [`        - name: ${name}`, `          image: contoso.azurecr.io/${name}:${r.range(1, 9)}.${r.range(0, 30)}.${r.range(0, 99)}`, `          env:`];
    const n = r.range(1, 5);
    for (let i = 0; i < n; i++) out.push(`            - name: ${upper(words(r, 2))}`, `              value: "${ident(r, 'snake', 1)}"`);
    if (r.chance(200)) out.push(`            - name: DB_PASSWORD`, `              valueFrom:`, `                secretKeyRef: { name: ${name}, key: password }`);
    out.push(`          resources:`, `            limits: { cpu: "${r.range(1, 4)}", memory: ${r.pick(['256Mi', '512Mi', '1Gi'])} }`);
    return out;
  });
};

function jsonValue(rng: Rng, depth: number): string {
  if (depth > 2 || rng.chance(600)) return literal(rng).replace(/^'(.*)'$/, '"$1"');
  if (rng.chance(500)) return `[${Array.from({ length: rng.range(1, 4) }, () => literal(rng).replace(/^'(.*)'$/, '"$1"')).join(', ')}]`;
  return `{ ${Array.from({ length: rng.range(1, 4) }, () => `"${ident(rng, 'camel')}": ${jsonValue(rng, depth + 1)}`).join(', ')} }`;
}

const json: Gen = (rng, target) => {
  if (rng.chance(300)) {
    // A lockfile: long runs of high-entropy integrity hashes, as real repositories have.
    return fill(rng, target, [`{`, `  "name": "${snake(words(rng, 2, 0)).replace(/_/g, '-')}",`, `  "lockfileVersion": 3,`, `  "packages": {`], (r) => {
      const name = snake(words(r, r.range(1, 2), 0)).replace(/_/g, '-');
      const v = `${r.range(0, 12)}.${r.range(0, 30)}.${r.range(0, 20)}`;
      return [
        `    "node_modules/${name}": {`,
        `      "version": "${v}",`,
        `      "resolved": "https://registry.npmjs.org/${name}/-/${name}-${v}.tgz",`,
        `      "integrity": "sha512-${r.bytes(64).toString('base64')}",`,
        `      "license": "${r.pick(['MIT', 'ISC', 'Apache-2.0', 'BSD-3-Clause'])}"`,
        `    },`,
      ];
    }, [`    "": {}`, `  }`, `}`]);
  }
  return fill(rng, target, [`{`], (r) => [`  "${ident(r, 'camel')}": ${jsonValue(r, 0)},`], [`  "version": 1`, `}`]);
};

const md: Gen = (rng, target) =>
  fill(rng, target, [`# ${sentence(rng, rng.range(2, 5)).slice(0, -1)}`, ``], (r) => {
    const out: string[] = [];
    if (r.chance(200)) out.push(`## ${sentence(r, r.range(2, 5)).slice(0, -1)}`, ``);
    const n = r.range(1, 4);
    const para: string[] = [];
    for (let i = 0; i < n; i++) para.push(sentence(r));
    out.push(para.join(' '), ``);
    if (r.chance(250)) {
      out.push('```' + r.pick(['bash', 'yaml', 'json', 'ts']), `${funcName(r, 'camel')} --${ident(r, 'snake', 1).replace(/_/g, '-')} ${ident(r, 'snake', 1)}`, '```', ``);
    }
    if (r.chance(150)) out.push(`- ${sentence(r)}`, `- ${sentence(r)}`, ``);
    return out;
  });

/** A minified bundle: one very long line after a licence banner. */
export function minified(rng: Rng, target: number): string[] {
  const parts: string[] = [];
  let size = 0;
  const id = (): string => rng.chars('abcdefghijklmnopqrstuvwxyz', rng.range(1, 2)) + (rng.chance(300) ? rng.chars(ALNUM, 1) : '');
  while (size < target) {
    let p: string;
    switch (rng.int(7)) {
      case 0: p = `function ${id()}(${id()},${id()}){return ${id()}.${ident(rng, 'camel')}(${id()})}`; break;
      case 1: p = `var ${id()}=${id()}(${rng.int(999)}),${id()}=${literal(rng).replace(/ /g, '')}`; break;
      case 2: p = `${id()}.prototype.${funcName(rng, 'camel')}=function(${id()}){this.${ident(rng, 'camel', 1)}=${id()}}`; break;
      case 3: p = `if(!${id()}.${ident(rng, 'camel', 1)})throw new Error("${sentence(rng, 3).slice(0, -1)}")`; break;
      case 4: p = `${id()}={${ident(rng, 'camel', 1)}:${literal(rng)},${ident(rng, 'camel', 1)}:${literal(rng)}}`; break;
      case 5: p = `${id()}.headers.Authorization="Bearer "+${id()}.token`; break;
      default: p = `for(var ${id()}=0;${id()}<${rng.int(64)};${id()}++)${id()}.push(${id()}[${id()}])`;
    }
    parts.push(p);
    size += p.length + 1;
  }
  return [`/*! ${ident(rng, 'snake', 1)} v${rng.range(1, 9)}.${rng.range(0, 20)}.${rng.range(0, 9)} | MIT License */`, parts.join(';')];
}

export const GENERATORS: Record<'ts' | 'js' | 'py' | 'cs' | 'java' | 'go' | 'yaml' | 'json' | 'md', Gen> = { ts, js, py, cs, java, go, yaml, json, md };

