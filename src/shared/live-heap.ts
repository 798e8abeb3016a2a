import { PerformanceObserver, constants, type NodeGCPerformanceDetail } from 'node:perf_hooks';
import v8 from 'node:v8';

/**
 * The heap's live set: V8's used size read just after each major (mark-compact) collection. The
 * plain used size between collections also counts garbage not yet collected, so it swings by
 * hundreds of MB with the collector's pacing; the size after a major collection grows only when
 * something is kept (a leak), which is what a soak and an operator's alert want to see.
 * One observer for the process (the value is process-wide), started on first use.
 */
let liveBytes = 0;
let observer: PerformanceObserver | undefined;

export function liveHeapBytes(): number {
  if (!observer) {
    observer = new PerformanceObserver((list) => {
      const major = list.getEntries().some((entry) => (entry as unknown as { detail?: NodeGCPerformanceDetail }).detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR);
      if (major) liveBytes = v8.getHeapStatistics().used_heap_size;
    });
    observer.observe({ entryTypes: ['gc'] });
  }
  return liveBytes;
}
