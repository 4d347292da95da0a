/** The service every log line, metric and trace of the gateway names (Powertools' `service`). */
export const SERVICE_NAME = 'pension-gateway';
