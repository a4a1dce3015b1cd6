import type { Ecosystem } from './types';

/**
 * The form under which two spellings of a package name are the same package: PyPI folds
 * case and runs of `-_.` (PEP 503), NuGet and Packagist fold case. Other registries are
 * case-sensitive, and OSV spells names as they do.
 */
export function normalizePackageName(ecosystem: Ecosystem, name: string): string {
  switch (ecosystem) {
    case 'PyPI':
      return name.toLowerCase().replace(/[-_.]+/g, '-');
    case 'NuGet':
    case 'Packagist':
      return name.toLowerCase();
    default:
      return name;
  }
}

/** Key that identifies one package version across files. */
export function packageKey(ecosystem: Ecosystem, name: string, version: string): string {
  return `${ecosystem}\0${normalizePackageName(ecosystem, name)}\0${version}`;
}
