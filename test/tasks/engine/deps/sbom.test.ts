import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import type { InventoryPackage } from '../../../../tasks/engine/deps/index';
import { buildSbom, cycloneDx, purlOf, spdx } from '../../../../tasks/engine/deps/sbom';
import { REPO_ROOT } from '../../../support/paths';

const CDX_DIR = join(REPO_ROOT, 'node_modules', '@cyclonedx', 'cyclonedx-library', 'res', 'schema');
const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;

/** The official CycloneDX 1.5 schema with the two schemas it references, under the names it references them by. */
let cdx: ReturnType<Ajv['compile']> | undefined;
function cycloneDxValidator() {
  if (cdx) return cdx;
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  // ajv-formats has no IRI formats; an IRI reference holds no white space, which is what is checked.
  for (const f of ['iri-reference', 'idn-email']) ajv.addFormat(f, (s: string) => !/\s/.test(s));
  for (const name of ['spdx', 'jsf-0.82']) ajv.addSchema({ ...readJson(join(CDX_DIR, `${name}.SNAPSHOT.schema.json`)), $id: `http://cyclonedx.org/schema/${name}.SNAPSHOT.schema.json` });
  cdx = ajv.compile(readJson(join(CDX_DIR, 'bom-1.5.SNAPSHOT.schema.json')));
  return cdx;
}

function spdxValidator() {
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  return ajv.compile(readJson(join(REPO_ROOT, 'test', 'fixtures', 'schemas', 'spdx-2.3.schema.json')));
}

const PACKAGES: InventoryPackage[] = [
  { ecosystem: 'npm', name: '@babel/core', version: '7.22.0', path: 'web/package-lock.json', dev: true, direct: true },
  { ecosystem: 'npm', name: 'qs', version: '6.7.0', path: 'web/package-lock.json', dev: false, introducedVia: 'express@4.17.1 > qs@6.7.0' },
  { ecosystem: 'npm', name: 'qs', version: '6.7.0', path: 'api/package-lock.json', dev: false },
  { ecosystem: 'PyPI', name: 'Django_Rest', version: '3.0+local', path: 'requirements.txt', dev: false },
  { ecosystem: 'Maven', name: 'org.apache.logging.log4j:log4j-core', version: '2.14.1', path: 'pom.xml', dev: false },
  { ecosystem: 'Go', name: 'github.com/gin-gonic/gin', version: 'v1.9.0', path: 'go.mod', dev: false },
  { ecosystem: 'Go', name: 'stdlib', version: '1.21.0', path: 'go.mod', dev: false },
  { ecosystem: 'NuGet', name: 'Newtonsoft.Json', version: '12.0.1', path: 'App.csproj', dev: false },
  { ecosystem: 'crates.io', name: 'hyper', version: '0.14.0', path: 'Cargo.lock', dev: false },
  { ecosystem: 'RubyGems', name: 'rails', version: '6.1.0', path: 'Gemfile.lock', dev: false },
  { ecosystem: 'Packagist', name: 'laravel/framework', version: '8.0.0', path: 'composer.lock', dev: false },
];
const OPTS = { subject: 'my repo', toolVersion: '1.2.3', timestamp: '2026-12-02T10:00:00.123Z', uuid: '3e671687-395b-41f5-a30f-a58921a69b79' };

describe('bill of materials', () => {
  it('spells purls as the purl spec asks, per ecosystem', () => {
    assert.deepEqual(PACKAGES.map(purlOf), [
      'pkg:npm/%40babel/core@7.22.0',
      'pkg:npm/qs@6.7.0',
      'pkg:npm/qs@6.7.0',
      'pkg:pypi/django-rest@3.0%2Blocal',
      'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1',
      'pkg:golang/github.com/gin-gonic/gin@v1.9.0',
      'pkg:golang/stdlib@1.21.0',
      'pkg:nuget/Newtonsoft.Json@12.0.1',
      'pkg:cargo/hyper@0.14.0',
      'pkg:gem/rails@6.1.0',
      'pkg:composer/laravel/framework@8.0.0',
    ]);
  });

  it('CycloneDX 1.5: valid against the official schema, one component per package with its purl', () => {
    const bom = cycloneDx(PACKAGES, OPTS) as { components: { purl: string; scope: string; group?: string; name: string; properties: { name: string; value: string }[] }[]; specVersion: string };
    const validate = cycloneDxValidator();
    assert.ok(validate(bom), JSON.stringify(validate.errors, null, 2));
    assert.equal(bom.specVersion, '1.5');
    assert.equal(bom.components.length, 10, 'qs@6.7.0 in two lockfiles is one component');
    const qs = bom.components.find((c) => c.purl === 'pkg:npm/qs@6.7.0');
    assert.deepEqual(qs?.properties.filter((p) => p.name === 'palisade:manifest').map((p) => p.value), ['web/package-lock.json', 'api/package-lock.json']);
    const babel = bom.components.find((c) => c.purl === 'pkg:npm/%40babel/core@7.22.0');
    assert.equal(babel?.scope, 'optional', 'dev-only');
    assert.equal(babel?.group, '@babel');
    assert.equal(bom.components.find((c) => c.name === 'log4j-core')?.group, 'org.apache.logging.log4j');
    // The validator itself must reject what the schema forbids, or the check above proves nothing.
    assert.equal(validate({ ...bom, specVersion: 1.5 }), false);
    assert.equal(validate({ ...bom, components: [{ name: 'x' }] }), false);
  });

  it('SPDX 2.3: valid against the official schema, every package with a purl external reference', () => {
    const doc = spdx(PACKAGES, OPTS) as { packages: { SPDXID: string; externalRefs?: { referenceLocator: string }[] }[]; relationships: { relationshipType: string }[]; creationInfo: { created: string } };
    const validate = spdxValidator();
    assert.ok(validate(doc), JSON.stringify(validate.errors, null, 2));
    assert.equal(doc.packages.length, 11, 'the subject plus 10 packages');
    assert.deepEqual(doc.packages.slice(1).map((p) => p.externalRefs?.[0].referenceLocator).sort(), [...new Set(PACKAGES.map(purlOf))].sort());
    assert.ok(doc.packages.every((p) => /^SPDXRef-[A-Za-z0-9.-]+$/.test(p.SPDXID)));
    assert.equal(doc.creationInfo.created, '2026-12-02T10:00:00Z');
    assert.equal(doc.relationships.filter((r) => r.relationshipType === 'DEV_DEPENDENCY_OF').length, 1);
    assert.equal(validate({ ...doc, spdxVersion: undefined }), false, 'the schema check is live');
  });

  it('an empty tree still makes valid documents', () => {
    assert.ok(cycloneDxValidator()(buildSbom('cyclonedx', [], OPTS)));
    assert.ok(spdxValidator()(buildSbom('spdx', [], OPTS)));
  });
});
