/**
 * The hub's route in the host page's URL. Links from outside (the PR status the pipeline posts)
 * carry query parameters; moves inside the hub set the hash, because the host reports hash
 * changes (back/forward) to the extension and has no such event for query parameters.
 */
import type { IHostNavigationService } from 'azure-devops-extension-api';
import { hashToParams, parseRoute, routeToHash, type HubRoute } from '../data/hubRoute';
import type { HubNavigation } from '../services/hubServices';

export class HostNavigation implements HubNavigation {
  private readonly listeners: Array<(route: HubRoute) => void> = [];
  /** The hash we set last: its change event is ours, not back/forward. */
  private ownHash: string | undefined;
  private queryRoute: HubRoute | undefined;

  constructor(private readonly service: IHostNavigationService) {
    service.onHashChanged((hash) => {
      const clean = hash.replace(/^#/, '');
      if (clean === this.ownHash) return;
      this.ownHash = clean;
      const route = clean ? parseRoute(hashToParams(clean)) : this.queryRoute ?? parseRoute({});
      for (const l of this.listeners) l(route);
    });
  }

  async initialRoute(): Promise<HubRoute> {
    const [hash, query] = await Promise.all([this.service.getHash().catch(() => ''), this.service.getQueryParams().catch(() => ({}))]);
    this.queryRoute = parseRoute(query);
    const clean = (hash ?? '').replace(/^#/, '');
    this.ownHash = clean;
    return clean ? parseRoute(hashToParams(clean)) : this.queryRoute;
  }

  push(route: HubRoute): void {
    const hash = routeToHash(route);
    if (hash === this.ownHash) return;
    this.ownHash = hash;
    this.service.setHash(hash);
  }

  replace(route: HubRoute): void {
    const hash = routeToHash(route);
    if (hash === this.ownHash) return;
    this.ownHash = hash;
    this.service.replaceHash(hash);
  }

  onChange(listener: (route: HubRoute) => void): void {
    this.listeners.push(listener);
  }
}
