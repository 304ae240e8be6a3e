/** Environment variable naming the run's directory of synthesized templates (see synthesized.ts). */
export const SYNTH_CACHE_ENV = 'BLUEGREEN_TEST_SYNTH_CACHE';
