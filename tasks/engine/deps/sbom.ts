import { randomUUID } from 'node:crypto';
import type { Ecosystem, InventoryPackage } from './types';

/** The bill-of-materials formats Palisade writes. */
export const SBOM_FORMATS = ['cyclonedx', 'spdx'] as const;
export type SbomFormat = (typeof SBOM_FORMATS)[number];

export function isSbomFormat(v: unknown): v is SbomFormat {
  return typeof v === 'string' && (SBOM_FORMATS as readonly string[]).includes(v);
}

export interface SbomOptions {
  /** What the bill describes: the scanned folder's or repository's name. */
  subject: string;
  toolVersion: string;
  /** ISO time of the scan; injectable so tests compare exact documents. */
  timestamp?: string;
  /** A UUID naming this document; injectable for the same reason. */
  uuid?: string;
}

const PURL_TYPE: Record<Ecosystem, string> = {
  npm: 'npm',
  NuGet: 'nuget',
  PyPI: 'pypi',
  Maven: 'maven',
  Go: 'golang',
  'crates.io': 'cargo',
  RubyGems: 'gem',
  Packagist: 'composer',
};

/** Percent-encodes one purl segment (the spec leaves only unreserved characters bare). */
function seg(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * The package URL (purl) of a package: `pkg:npm/%40scope/name@1.0.0`, `pkg:maven/group/artifact@1`,
 * `pkg:golang/github.com/x/y@v1.2.3`, `pkg:pypi/name@1` (PyPI names normalised as the purl spec asks).
 */
export function purlOf(p: { ecosystem: Ecosystem; name: string; version: string }): string {
  const type = PURL_TYPE[p.ecosystem];
  let path: string;
  switch (p.ecosystem) {
    case 'Maven': {
      const [group, artifact] = p.name.split(':');
      path = artifact === undefined ? seg(group) : `${seg(group)}/${seg(artifact)}`;
      break;
    }
    case 'PyPI':
      path = seg(p.name.toLowerCase().replace(/[-_.]+/g, '-'));
      break;
    default:
      // npm scopes, Go module paths and Packagist vendors are namespace segments.
      path = p.name.split('/').map(seg).join('/');
  }
  return `pkg:${type}/${path}@${seg(p.version)}`;
}

interface Component {
  purl: string;
  pkg: InventoryPackage;
  manifests: string[];
  dev: boolean;
}

/** One entry per purl: a package found in several manifests is one component, dev-only only if it is everywhere. */
function components(packages: readonly InventoryPackage[]): Component[] {
  const byPurl = new Map<string, Component>();
  for (const p of packages) {
    const purl = purlOf(p);
    const c = byPurl.get(purl);
    if (!c) byPurl.set(purl, { purl, pkg: p, manifests: [p.path], dev: p.dev });
    else {
      if (!c.manifests.includes(p.path)) c.manifests.push(p.path);
      c.dev &&= p.dev;
    }
  }
  return [...byPurl.values()].sort((a, b) => (a.purl < b.purl ? -1 : a.purl > b.purl ? 1 : 0));
}

function newUuid(): string {
  return randomUUID();
}

/** CycloneDX 1.5 JSON: every package as a `library` component with its purl. */
export function cycloneDx(packages: readonly InventoryPackage[], opts: SbomOptions): object {
  const list = components(packages);
  return {
    bomFormat: 'CycloneDX',
    specVersion: '1.5',
    serialNumber: `urn:uuid:${opts.uuid ?? newUuid()}`,
    version: 1,
    metadata: {
      timestamp: opts.timestamp ?? new Date().toISOString(),
      tools: { components: [{ type: 'application', name: 'palisade', version: opts.toolVersion }] },
      component: { type: 'application', 'bom-ref': 'palisade-subject', name: opts.subject },
    },
    components: list.map((c) => {
      const { group, name } = cdxName(c.pkg);
      return {
        type: 'library',
        'bom-ref': c.purl,
        ...(group ? { group } : {}),
        name,
        version: c.pkg.version,
        purl: c.purl,
        // CycloneDX's scope: `optional` is what tools use for development-only packages.
        scope: c.dev ? 'optional' : 'required',
        properties: [
          ...c.manifests.map((m) => ({ name: 'palisade:manifest', value: m })),
          { name: 'palisade:ecosystem', value: c.pkg.ecosystem },
          ...(c.dev ? [{ name: 'palisade:dev', value: 'true' }] : []),
          ...(c.pkg.introducedVia ? [{ name: 'palisade:introducedVia', value: c.pkg.introducedVia }] : []),
        ],
      };
    }),
  };
}

function cdxName(p: InventoryPackage): { group?: string; name: string } {
  if (p.ecosystem === 'Maven') {
    const [group, artifact] = p.name.split(':');
    return artifact === undefined ? { name: group } : { group, name: artifact };
  }
  if (p.ecosystem === 'npm' && p.name.startsWith('@') && p.name.includes('/')) {
    const i = p.name.indexOf('/');
    return { group: p.name.slice(0, i), name: p.name.slice(i + 1) };
  }
  return { name: p.name };
}

/** SPDX 2.3 JSON: the subject as the described package, every package related to it with its purl. */
export function spdx(packages: readonly InventoryPackage[], opts: SbomOptions): object {
  const list = components(packages);
  const created = (opts.timestamp ?? new Date().toISOString()).replace(/\.\d+Z$/, 'Z');
  const subjectName = opts.subject.replace(/[^A-Za-z0-9._-]+/g, '-') || 'project';
  const noAssertion = { downloadLocation: 'NOASSERTION', filesAnalyzed: false, licenseConcluded: 'NOASSERTION', licenseDeclared: 'NOASSERTION', copyrightText: 'NOASSERTION' };
  return {
    spdxVersion: 'SPDX-2.3',
    dataLicense: 'CC0-1.0',
    SPDXID: 'SPDXRef-DOCUMENT',
    name: `${opts.subject} dependencies`,
    documentNamespace: `https://spdx.org/spdxdocs/palisade-${subjectName}-${opts.uuid ?? newUuid()}`,
    creationInfo: { created, creators: [`Tool: palisade-${opts.toolVersion}`] },
    documentDescribes: ['SPDXRef-Subject'],
    packages: [
      { name: opts.subject, SPDXID: 'SPDXRef-Subject', ...noAssertion, primaryPackagePurpose: 'APPLICATION' },
      ...list.map((c, i) => ({
        name: c.pkg.name,
        SPDXID: `SPDXRef-Package-${i + 1}`,
        versionInfo: c.pkg.version,
        ...noAssertion,
        primaryPackagePurpose: 'LIBRARY',
        externalRefs: [{ referenceCategory: 'PACKAGE-MANAGER', referenceType: 'purl', referenceLocator: c.purl }],
        comment: `Found in ${c.manifests.join(', ')}${c.dev ? '; development only' : ''}${c.pkg.introducedVia ? `; introduced via ${c.pkg.introducedVia}` : ''}.`,
      })),
    ],
    relationships: [
      { spdxElementId: 'SPDXRef-DOCUMENT', relationshipType: 'DESCRIBES', relatedSpdxElement: 'SPDXRef-Subject' },
      ...list.map((c, i) =>
        c.dev
          ? { spdxElementId: `SPDXRef-Package-${i + 1}`, relationshipType: 'DEV_DEPENDENCY_OF', relatedSpdxElement: 'SPDXRef-Subject' }
          : { spdxElementId: 'SPDXRef-Subject', relationshipType: 'DEPENDS_ON', relatedSpdxElement: `SPDXRef-Package-${i + 1}` },
      ),
    ],
  };
}

export function buildSbom(format: SbomFormat, packages: readonly InventoryPackage[], opts: SbomOptions): object {
  return format === 'cyclonedx' ? cycloneDx(packages, opts) : spdx(packages, opts);
}
