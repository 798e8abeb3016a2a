import type { Category } from '../../src/modules/category/category.entity';
import { Role, signIn, type SignedIn } from './accounts';
import { createDraft, publishRequest, type ArticleData, type ContentInput } from './article-api';
import { dataOf } from './expect-graphql';
import { createCategory } from './factories';
import { startHarness, type Harness, type HarnessOptions } from './harness';

/**
 * The cast most article tests start from: a running server, an author and an editor signed in,
 * and a category of the file's own (its lists hold only the file's articles).
 */
export interface Newsroom {
  h: Harness;
  author: SignedIn;
  editor: SignedIn;
  category: Category;
}

/** In beforeAll; close `h` in afterAll. `env` goes to the harness (e.g. MEDIA_DIR). */
export async function startNewsroom(env: Record<string, string> = {}, options: HarnessOptions = {}): Promise<Newsroom> {
  const h = await startHarness(env, options);
  const [author, editor] = await Promise.all([signIn(h, { role: Role.AUTHOR }), signIn(h, { role: Role.EDITOR })]);
  const category = await createCategory(h.orm.em.fork());
  return { h, author, editor, category };
}

/**
 * A draft by the author in the newsroom's category, published now by the editor (straight from
 * DRAFT, as editors may): version 2, two revisions. Returns the draft as created.
 */
export async function publishedDraft({ h, author, editor, category }: Newsroom, input: ContentInput = {}): Promise<ArticleData> {
  const draft = await createDraft(h, author.token, { categoryId: category.id, ...input });
  dataOf(await publishRequest(h, editor.token, draft.id));
  return draft;
}
