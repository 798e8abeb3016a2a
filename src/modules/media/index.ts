/** What other modules may use of the media module (lint: boundaries/dependencies). */
export { Media } from './media.entity';
export { MEDIA_COLUMNS, MediaModel } from './media.model';
export { mediaUrl } from './media-formats';
export { ALT_MAX_LENGTH, CAPTION_MAX_LENGTH } from './media-fields';
export type { MediaUsage } from './media-usage';
