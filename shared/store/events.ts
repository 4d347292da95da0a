import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { env } from '#config';

/** Events payroll can subscribe to on the gateway's bus. Each detail carries a schema version. */
const events = new EventBridgeClient({});

export const EVENT_SOURCE = 'pension-gateway';

export async function publishEvent(detailType: string, detail: Record<string, unknown>): Promise<void> {
  const { FailedEntryCount } = await events.send(
    new PutEventsCommand({
      Entries: [
        {
          EventBusName: env.eventBusName(),
          Source: EVENT_SOURCE,
          DetailType: detailType,
          Detail: JSON.stringify({ version: '1', ...detail }),
        },
      ],
    }),
  );
  if (FailedEntryCount) throw new Error(`EventBridge refused a ${detailType} event`);
}
