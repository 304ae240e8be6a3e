import { z } from 'zod';
import { arn } from './common-fields';

/** The `notifications:` block: who hears from the pipeline, deployment and alarm topics. */

export const notificationsSchema = z
  .strictObject({
    emails: z
      .array(z.email('must be an e-mail address'))
      .default([])
      .describe('E-mail addresses subscribed to the pipeline, deployment and alarm topics (default none)'),
    chatbotSlackChannelArn: arn('chatbot').optional().describe('AWS Chatbot Slack channel configuration'),
  })
  .prefault({})
  .describe('Subscribers of the pipeline, deployment and alarm topics (default none)');
