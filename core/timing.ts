/** Milliseconds since the epoch; injected so tests never wait for real. */
export type Clock = () => number;
/** Waits `ms` milliseconds; injected so tests never wait for real. */
export type Sleep = (ms: number) => Promise<void>;

/** The real `Sleep`, for the commands that wait on AWS. */
export const sleep: Sleep = (ms) => new Promise((done) => setTimeout(done, ms));
