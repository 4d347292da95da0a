/** What a use case needs from the outside world besides storage: the time and fresh ids. */
export interface Clock {
  now: () => Date;
  newId: () => string;
}

export const systemClock: Clock = {
  now: () => new Date(),
  newId: () => crypto.randomUUID(),
};
