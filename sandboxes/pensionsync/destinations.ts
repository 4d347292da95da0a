/** The wire doc's method names: what a destination can do through PensionSync. */
const METHODS = [
  'Scope',
  'ScopeAuthorization',
  'Submission',
  'MemberMaintenanceAndContributions',
  'Job',
  'JobError',
  'WorkerInstruction',
  'Scheme',
] as const;

export type DestinationMethod = (typeof METHODS)[number];

export interface PensionSyncDestination {
  destinationId: string;
  name: string;
  activeMethods: DestinationMethod[];
}

/** The integration guide's six providers, each offering every method. */
export const DEFAULT_DESTINATIONS: readonly PensionSyncDestination[] = [
  ['AVC', 'Aviva'],
  ['LGS', 'Legal & General'],
  ['NOW', 'NOW: Pensions'],
  ['NST', 'Nest'],
  ['SMP', 'Smart Pension'],
  ['TPP', "The People's Pension"],
].map(([destinationId = '', name = '']) => ({ destinationId, name, activeMethods: [...METHODS] }));

export function offers(destination: PensionSyncDestination, method: DestinationMethod): boolean {
  return destination.activeMethods.includes(method);
}
