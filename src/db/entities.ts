import { Article } from '../modules/article/article.entity';
import { Session } from '../modules/auth/session.entity';
import { Category } from '../modules/category/category.entity';
import { Media } from '../modules/media/media.entity';
import { Site } from '../modules/site/site.entity';
import { User } from '../modules/user/user.entity';

/** Every MikroORM entity; listed explicitly so no folder discovery is needed at boot. */
export const entities = [Article, Category, Media, Session, Site, User];
