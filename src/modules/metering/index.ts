/**
 * Counting what readers do (article views today; ad impressions and clicks next): bot filter,
 * daily-salted visitor hash, dedupe per namespace, group commit, true only once committed.
 * A counter instantiates EventRecorder with its own kind and commit statement.
 */
export { EventRecorder, MAX_EVENT_BATCH, type EventRecorderOptions, type ReaderFingerprint } from './event-recorder';
export { MemoryDedupe, RedisDedupe, type Dedupe } from './dedupe';
export { GroupCommitBatcher } from './group-commit-batcher';
