import { LOCAL_CREDENTIALS, REGION } from '../../infra/local/aws-json-protocol.ts';
import { type LocalTable, startDynamoDb } from '../../infra/local/dynamodb.ts';
import { physicalName, resourcesOfType, synthesizeTemplate } from '../../infra/local/template.ts';

/**
 * The template's own table in dynalite, and the environment the gateway's stores find it by (its name, the
 * local endpoint and credentials). Import the stores after this, so their clients read that environment.
 */
export async function startGatewayTable() {
  const template = synthesizeTemplate({
    tppApiUrl: 'https://api.example.test',
    tppAuthUrl: 'https://auth.example.test',
    pensionSyncApiUrl: 'https://pensionsync.example.test',
  });
  const [[id, resource]] = resourcesOfType(template, 'AWS::DynamoDB::Table') as [[string, any]];
  const tableName = physicalName(id, resource);
  const dynamodb = await startDynamoDb({
    tables: [{ ...resource.Properties, TableName: tableName } as LocalTable],
  });
  Object.assign(process.env, {
    TABLE_NAME: tableName,
    AWS_REGION: REGION,
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    AWS_ENDPOINT_URL_DYNAMODB: dynamodb.url,
  });
  return { dynamodb, tableName, properties: resource.Properties as Record<string, unknown> };
}
