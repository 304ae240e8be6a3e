/** Environment variable naming the run's cache directory (see run-cache.ts). */
export const SYNTH_CACHE_ENV = 'BLUEGREEN_TEST_SYNTH_CACHE';
