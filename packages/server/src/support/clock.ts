/** What every service needs from the outside world; injected so tests can pin time and ids. */
export interface ServiceClock {
  now(): number;
}

export const systemClock: ServiceClock = { now: () => Date.now() };
