import * as z from 'zod/mini';
import { AUTHORISATION_STATUSES, EVENT_SOURCE, PROVIDERS, ROUTES } from './event-values.ts';
import { SUBMISSION_STATUSES } from './submission-status.ts';

/**
 * The events payroll can subscribe to on the gateway's bus: one strict schema per detail-type and version.
 * Additive changes (a new optional field, a new enum value) keep the version; anything else is a new
 * detail-type suffixed ` v2` (and so on) whose `version` says the same, sent beside the old one until
 * payroll has moved. `docs/events.md` is the payroll-facing account of this file.
 *
 * Functions import no value from here, only types: the schemas would put zod in every bundle that sends an
 * event. Run-time values live in ./event-values.ts; a new event also gets its version there.
 */

const id = z.string().check(z.minLength(1));
/** An instant as `Date#toISOString` writes it: UTC, ending in `Z`. */
const instant = z.iso.datetime();
const calendarDate = z.iso.date();
/** Every event's own id: the same on each delivery of one event, so consumers can drop duplicates. */
const eventId = id.check(
  z.describe(
    "This event's id: a redelivery or republication of the same event carries the same eventId; drop duplicates on it.",
  ),
);

const submissionStatusChanged = z.strictObject({
  version: z.literal('1'),
  eventId,
  submissionId: id,
  schemeId: id,
  status: z.enum(SUBMISSION_STATUSES),
  at: instant.check(z.describe('When the submission reached this status.')),
  detail: z
    .optional(z.string())
    .check(z.describe('Why, where the status alone does not say (why it is queued, what the error was).')),
});

const optOut = z.strictObject({
  schemeId: id,
  uniqueId: id.check(z.describe("The employee's uniqueId, as payroll sent it.")),
  niNumber: z.optional(z.string()),
  forename: z.optional(z.string()),
  surname: z.optional(z.string()),
  optOutDate: calendarDate,
  channel: z
    .optional(z.string())
    .check(
      z.describe(
        "How the worker opted out, in the provider's words (TPP: Online, Telephone, Paper); PensionSync for an opt-out read from a PensionSync worker instruction.",
      ),
    ),
  refundStatus: z.optional(z.string()).check(z.describe("The provider's refund status, in its own words.")),
  entitledToRefund: z
    .optional(z.string())
    .check(z.describe("TPP's N (not entitled), M (still assessing) or Y (entitled).")),
  employeeRefund: z.number().check(z.describe("The employee's refund, in pounds.")),
  employerRefund: z.number().check(z.describe("The employer's refund, in pounds.")),
  status: z
    .enum(['open', 'confirmed'])
    .check(
      z.describe("open while the provider lists it; confirmed once payroll's confirmation made it drop off."),
    ),
  firstSeenAt: instant,
  lastChangedAt: instant,
  confirmedAt: z.optional(instant),
});

const optOutReceived = z.strictObject({ version: z.literal('1'), eventId, schemeId: id, optOut });

const optOutUpdated = z.strictObject({
  version: z.literal('1'),
  eventId,
  schemeId: id,
  changedFields: z
    .array(z.enum(['refundStatus', 'entitledToRefund', 'employeeRefund', 'employerRefund']))
    .check(z.minLength(1), z.describe('The opt-out fields that changed, named as in `optOut`.')),
  optOut,
});

const cessationReceived = z.strictObject({
  version: z.literal('1'),
  eventId,
  schemeId: id,
  cessation: z.strictObject({
    uniqueId: id.check(z.describe("The employee's uniqueId, as payroll sent it.")),
    niNumber: z.optional(z.string()),
    forename: z.optional(z.string()),
    surname: z.optional(z.string()),
    cessationDate: calendarDate.check(z.describe('When active membership ended.')),
    receivedDate: z.optional(calendarDate).check(z.describe('When the provider received the instruction.')),
    status: z.literal('open'),
    firstSeenAt: instant,
  }),
});

const schemeChanged = z.strictObject({
  version: z.literal('1'),
  eventId,
  schemeId: id,
  changedFields: z
    .array(id)
    .check(z.minLength(1), z.describe('The top-level fields of `details` whose values changed.')),
  at: instant,
  details: z
    .record(z.string(), z.unknown())
    .check(z.describe("The scheme's details after the change, in TPP's field names whatever the provider.")),
});

const schemeAuthorisationChanged = z.strictObject({
  version: z.literal('1'),
  eventId,
  schemeId: id,
  provider: z.enum(PROVIDERS),
  route: z.enum(ROUTES),
  from: z.enum(AUTHORISATION_STATUSES),
  to: z.enum(AUTHORISATION_STATUSES).check(z.describe('Never the same as `from`.')),
  at: instant,
});

const connectionStatusChanged = z.strictObject({
  version: z.literal('1'),
  eventId,
  connectionId: id,
  status: z.enum(['active', 'refused']),
  at: instant,
});

const connectionReauthorisationNeeded = z.strictObject({
  version: z.literal('1'),
  eventId,
  connectionId: id,
  at: instant,
});

const period = z.strictObject({ start: calendarDate, end: calendarDate });

const submissionWaitingForPeriod = z.strictObject({
  version: z.literal('1'),
  eventId,
  submissionId: id,
  schemeId: id,
  payReferencePeriod: period.check(z.describe("The submission's own period.")),
  waitingFor: period.check(
    z.describe(
      'The period the provider expects first, which no submission of the gateway is delivering (it failed, or was never sent).',
    ),
  ),
  at: instant,
});

const schemeUnlinked = z.strictObject({
  version: z.literal('1'),
  eventId,
  schemeId: id,
  provider: z.enum(PROVIDERS),
  route: z.enum(ROUTES),
  at: instant.check(z.describe('When the scheme was unlinked.')),
  reason: z.optional(z.string()).check(z.describe('Why, as payroll gave it (`?reason=`).')),
  unfinishedSubmissions: z
    .array(id)
    .check(
      z.describe(
        'Submissions already accepted and not yet at an end: they are still delivered and followed to their end as usual (their own Submission Status Changed events follow).',
      ),
    ),
});

const papdisFileGenerated = z.strictObject({
  version: z.literal('1'),
  eventId,
  schemeId: id,
  provider: z.enum(PROVIDERS),
  payReferencePeriod: period,
  employeeCount: z.number().check(z.int(), z.nonnegative()),
  at: instant.check(z.describe('When the file was generated and answered.')),
});

type DetailSchema = z.ZodMiniObject<{ version: z.ZodMiniLiteral<string> }>;

function entry<S extends DetailSchema>(schema: S, description: string) {
  // Read from the schema, so the catalog cannot state another version than the detail carries.
  const [version] = schema.shape.version._zod.def.values as [z.output<S['shape']['version']>];
  return { version, schema, description };
}

export const EVENT_CATALOG = {
  'Submission Status Changed': entry(
    submissionStatusChanged,
    'A submission moved to a new status: once when it is received, then on each change until it reaches a final status.',
  ),
  'Submission Waiting For Period': entry(
    submissionWaitingForPeriod,
    'A queued submission cannot be sent until the provider has an earlier period that nothing is delivering: payroll must send (or resend) that period first. Sent once per period waited for.',
  ),
  'Opt-out Received': entry(
    optOutReceived,
    'The provider lists an opt-out the gateway had not seen before (TPP opt-out sync, PensionSync worker instructions).',
  ),
  'Opt-out Updated': entry(
    optOutUpdated,
    "A known opt-out's refund changed (status, entitlement or amounts).",
  ),
  'Cessation Received': entry(
    cessationReceived,
    'PensionSync lists a cessation worker instruction the gateway had not seen before: the worker left active membership.',
  ),
  'Scheme Changed': entry(
    schemeChanged,
    "The scheme's details (rates, worker groups, names, next pay reference period) differ from the last read; payroll must act before its next run.",
  ),
  'Scheme Authorisation Changed': entry(
    schemeAuthorisationChanged,
    "A scheme's authorisation moved: a PensionSync scope was authorised, refused or revoked, or a TPP connection behind a direct scheme changed.",
  ),
  'Connection Status Changed': entry(
    connectionStatusChanged,
    'A TPP OAuth connection finished: the customer consented (active) or the grant was refused.',
  ),
  'Connection Reauthorisation Needed': entry(
    connectionReauthorisationNeeded,
    "TPP refused to refresh a connection's tokens; the customer must connect again before its schemes can submit.",
  ),
  'Scheme Unlinked': entry(
    schemeUnlinked,
    'Payroll unlinked a scheme: the gateway takes no new submissions for it and its scheduled syncs skip it; what was already accepted still reaches its end, and its history stays readable.',
  ),
  'PAPDIS File Generated': entry(
    papdisFileGenerated,
    "A PAPDIS file was generated for payroll to upload by hand through PensionSync's dashboard (`POST /v1/schemes/{schemeId}/papdis`); nothing was stored as a submission or sent.",
  ),
} as const;

export type EventType = keyof typeof EVENT_CATALOG;

/** An event's detail as callers give it: the catalog adds `version`, publication its `eventId`. */
export type EventDetail<T extends EventType> = Omit<
  z.input<(typeof EVENT_CATALOG)[T]['schema']>,
  'version' | 'eventId'
>;

/** The event's JSON Schema file under `docs/events/`. */
export function eventSchemaFile(type: EventType): string {
  return `${kebab(type)}.v${EVENT_CATALOG[type].version}.schema.json`;
}

/** The JSON Schema of an event as payroll receives it: the detail inside the EventBridge envelope. */
export function eventJsonSchema(type: EventType): Record<string, unknown> {
  const { version, schema, description } = EVENT_CATALOG[type];
  // Loose: EventBridge adds id, time, account, region and the rest around what the gateway sends.
  const envelope = z.looseObject({
    source: z.literal(EVENT_SOURCE),
    'detail-type': z.literal(type),
    detail: schema,
  });
  const { $schema, ...body } = z.toJSONSchema(envelope);
  return {
    $schema,
    $id: `urn:${EVENT_SOURCE}:events:${kebab(type)}:v${version}`,
    title: `${type} (version ${version})`,
    description,
    ...body,
  };
}

const kebab = (type: string) => type.toLowerCase().replace(/[^a-z0-9]+/g, '-');
