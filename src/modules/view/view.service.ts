import type { Knex } from '@mikro-orm/postgresql';
import { BadInputError, ForbiddenError } from '../../shared/errors';
import { cleanPlainText } from '../../shared/text';
import { canSeeEditorialHistory, type ArticleModel, type ArticleRow } from '../article';
import type { Viewer } from '../identity';
import type { createViewLoaders } from './view.loader';
import { daysBetween } from './view.loader';
import { MOST_VIEWED_DEFAULT, MOST_VIEWED_MAX, VIEW_STATS_MAX_DAYS, type MostViewedArgs, type ViewStatsArgs } from './view.inputs';
import type { DailyViewsModel } from './view.models';
import { mostViewedArticles } from './view.queries';
import type { ReaderFingerprint, ViewRecorder } from './view-recorder';

type ViewStatsLoader = ReturnType<typeof createViewLoaders>['articleViewStats'];

/** Recording views (anyone) and reading them: rankings (public), daily figures (the newsroom). */
export class ViewService {
  constructor(
    private readonly knex: Knex,
    private readonly viewer: Viewer,
    private readonly recorder: ViewRecorder,
    private readonly timezone: string,
  ) {}

  /** True when counted; false when filtered, deduplicated, not public, or not written. Never throws. */
  record(articleId: string, reader: ReaderFingerprint): Promise<boolean> {
    return this.recorder.record(articleId, reader);
  }

  mostViewed(args: MostViewedArgs): Promise<ArticleRow[]> {
    const first = args.first ?? MOST_VIEWED_DEFAULT;
    if (!Number.isInteger(first) || first < 1 || first > MOST_VIEWED_MAX) {
      throw new BadInputError(`"first" must be between 1 and ${MOST_VIEWED_MAX}`, 'first');
    }
    const slug = args.categorySlug == null ? null : cleanPlainText(args.categorySlug).toLowerCase();
    return mostViewedArticles(this.knex, this.timezone, { period: args.period, limit: first, categorySlug: slug });
  }

  /** Editors, and the article's author (the same people who see its editorial history). */
  viewStats(article: ArticleModel, { from, to }: ViewStatsArgs, loader: ViewStatsLoader): Promise<DailyViewsModel[]> {
    if (!canSeeEditorialHistory(this.viewer, article)) throw new ForbiddenError('Only editors and the author see the daily views of an article');
    if (from > to) throw new BadInputError('"from" must not be after "to"', 'from');
    // Both are valid YYYY-MM-DD (the scalar checked), so they compare as text and count as days.
    if (daysBetween(from, to).length > VIEW_STATS_MAX_DAYS) throw new BadInputError(`At most ${VIEW_STATS_MAX_DAYS} days at a time`, 'to');
    return loader.load({ articleId: article.id, from, to });
  }
}
