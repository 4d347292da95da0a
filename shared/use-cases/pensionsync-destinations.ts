import { gatewayProblem, RuleViolationError } from '#http/problems';
import { getDestinations } from '#providers/pensionsync/client';
import { type Destination, type PensionSyncMethod, readDestinations } from '#providers/pensionsync/documents';
import type { Clock } from './clock.ts';

/** PensionSync's destination list changes rarely; one read serves a warm function for this long. */
const DESTINATIONS_TTL_MS = 10 * 60_000;
let cached: { readAt: number; destinations: Promise<Destination[]> } | undefined;

/** The read itself is kept, so callers arriving while it is under way share it; a failed one is dropped. */
export function pensionSyncDestinations(clock: Clock): Promise<Destination[]> {
  const now = clock.now().getTime();
  if (!cached || now - cached.readAt > DESTINATIONS_TTL_MS) {
    const destinations = getDestinations().then((response) => readDestinations(response.body));
    cached = { readAt: now, destinations };
    destinations.catch(() => {
      if (cached?.destinations === destinations) cached = undefined;
    });
  }
  return cached.destinations;
}

/** Refuses, naming each missing method, a destination whose active methods lack what the caller needs. */
export async function requireMethods(
  destinationId: string,
  methods: readonly PensionSyncMethod[],
  clock: Clock,
  field = 'provider',
): Promise<void> {
  const destination = await destinationOf(destinationId, clock);
  if (!destination) {
    throw new RuleViolationError([
      gatewayProblem(
        'destination-not-available',
        `PensionSync does not list ${destinationId} among its destinations`,
        field,
      ),
    ]);
  }
  const missing = methods.filter((method) => !destination.activeMethods.includes(method));
  if (missing.length) {
    throw new RuleViolationError(
      missing.map((method) =>
        gatewayProblem(
          'method-not-available',
          `PensionSync's ${destinationId} destination does not offer ${method}`,
          field,
        ),
      ),
    );
  }
}

export async function offersMethod(
  destinationId: string,
  method: PensionSyncMethod,
  clock: Clock,
): Promise<boolean> {
  const destination = await destinationOf(destinationId, clock);
  return destination?.activeMethods.includes(method) ?? false;
}

async function destinationOf(destinationId: string, clock: Clock): Promise<Destination | undefined> {
  return (await pensionSyncDestinations(clock)).find((d) => d.destinationId === destinationId);
}
