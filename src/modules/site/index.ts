/** What other modules may use of the site module (lint: boundaries/dependencies). */
export { SiteModel } from './site.model';
export { SiteService } from './site.service';
