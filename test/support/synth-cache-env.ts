/** Environment variable naming the run's cache directory (see run-cache.ts). */
export const SYNTH_CACHE_ENV = 'BLUEGREEN_TEST_SYNTH_CACHE';
/** Environment variable holding the pid of the run's presynthesis process (see presynthesize.ts), for teardown. */
export const PRESYNTHESIS_PID_ENV = 'BLUEGREEN_TEST_PRESYNTHESIS_PID';
