/**
 * Activities: every effect of a programme's workflow (store writes, links, email), built by
 * `createActivities(deps)`. Each one is safe to retry: store writes are conditional, link
 * tokens and Message-IDs are derived from what they are for, and a sent email is recorded
 * before it is sent.
 */
import { createActivityContext, type ActivityDeps } from './context.js';
import { createLifecycleActivities } from './lifecycle.js';
import { createMasterplanCommitmentActivities } from './masterplan-commitment.js';
import { createNotificationActivities } from './notifications.js';
import { createReportingActivities } from './reporting.js';
import { createSignInActivities } from './sign-in.js';
import { createSigningActivities } from './signing.js';

export function createActivities(deps: ActivityDeps) {
  const ctx = createActivityContext(deps);
  const signing = createSigningActivities(ctx);
  return {
    ...createLifecycleActivities(ctx, signing.helpers),
    ...signing.activities,
    ...createMasterplanCommitmentActivities(ctx, signing.helpers),
    ...createNotificationActivities(ctx, signing.helpers),
    ...createReportingActivities(ctx),
    ...createSignInActivities(ctx),
  };
}

export type Activities = ReturnType<typeof createActivities>;
export type { ActivityDeps, MailOutcome, RefusedMail } from './context.js';
export type { EnterStageInput, EnteredStage } from './lifecycle.js';
export type { ReportNotice } from './notifications.js';
