import { DynamoDBClient } from '@aws-sdk/client-dynamodb';

/**
 * The cold-start bench's yardstick (test/bench/cold-start.ts): a function that holds only the DynamoDB client
 * and makes one at module level, as the gateway's functions do, bundled exactly as they are.
 */
const dynamodb = new DynamoDBClient({});

export const handler = async () => dynamodb.config.serviceId;
