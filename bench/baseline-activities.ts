/**
 * The activities of the baseline workflow (bench/baseline-workflows.ts), run by the baseline
 * worker. `noop` does nothing. `effects` does a programme's essential effects with the bare
 * libraries and nothing else: one DynamoDB PutItem per audit event (a copy of a real stored event
 * under a key of its own) and one nodemailer send per email (a real programme's email, to a
 * recipient and Message-ID of its own), to the same dynalite and SMTP sink as alur. No
 * validation, no reads, no rendering, no mail log, no links.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import nodemailer from 'nodemailer';
import type { BaselineActivities, EffectsSample, EffectsShare } from './baseline-workflows.js';

export interface BaselineActivitySettings {
  dynamodbEndpoint: string;
  region: string;
  tableName: string;
  smtpUrl: string;
}

export function createBaselineActivities(settings: BaselineActivitySettings) {
  process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';
  const doc = DynamoDBDocumentClient.from(
    new DynamoDBClient({ region: settings.region, endpoint: settings.dynamodbEndpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
  );
  // Pooled like alur's mailer: reusing connections is how anyone would send many emails.
  const transport = nodemailer.createTransport({ pool: true, maxConnections: 5, url: settings.smtpUrl });
  let sample: EffectsSample | null = null;

  const activities: BaselineActivities = {
    noop: () => Promise.resolve(),
    async effects(share: EffectsShare): Promise<void> {
      if (!sample) throw new Error('the baseline worker was given no sample of the effects');
      const { eventItem, mail } = sample;
      for (let i = 0; i < share.events; i++) {
        const seq = share.firstEvent + i;
        await doc.send(new PutCommand({ TableName: settings.tableName, Item: { ...eventItem, pk: `BASELINE#${share.workflowId}`, sk: `EVENT#${seq}`, seq } }));
      }
      await Promise.all(
        Array.from({ length: share.emails }, (_, i) =>
          transport.sendMail({
            from: 'baseline@bench.local',
            to: `baseline-${i}@bench.local`,
            subject: mail.subject,
            text: mail.text,
            html: mail.html,
            messageId: `<${share.workflowId}.${share.activity}.${i}@bench.local>`,
          }),
        ),
      );
    },
  };
  return {
    activities,
    /** What each effect is like, from a real programme of the same run. */
    setSample: (s: EffectsSample) => {
      sample = s;
    },
    close: () => {
      transport.close();
      doc.destroy();
    },
  };
}
