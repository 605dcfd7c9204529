/**
 * Backups of the table beyond point-in-time recovery's 35 days: AWS Backup copies the whole table
 * daily (kept 35 days) and monthly (kept `backupRetentionDays`, ten years by default), in the
 * same region, into a vault of its own. The monthly copies serve the regency's archive rules
 * (arsip dinamis: a programme's records are kept while it runs and for years after it closes,
 * per the regency's retention schedule, its Jadwal Retensi Arsip); set the setting to what that
 * schedule says.
 */
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as events from 'aws-cdk-lib/aws-events';
import { Construct } from 'constructs';

export interface TableBackupProps {
  tableArn: string;
  /** The self-hosted Temporal's Aurora cluster, copied on the same schedule. */
  temporalDatabaseArn?: string;
  /** How long the monthly copies are kept. */
  retentionDays: number;
}

/** When the copies are made: 19:00 UTC is 02:00 WIB, when nobody works. */
export const dailyBackupSchedule = events.Schedule.cron({ hour: '19', minute: '0' });
export const monthlyBackupSchedule = events.Schedule.cron({ day: '1', hour: '19', minute: '0' });
export const dailyBackupRetentionDays = 35;

export class TableBackup extends Construct {
  readonly vault: backup.BackupVault;
  readonly plan: backup.BackupPlan;

  constructor(scope: Construct, id: string, props: TableBackupProps) {
    super(scope, id);
    this.vault = new backup.BackupVault(this, 'Vault', {
      // Kept with its copies when the stack goes; removed only when its own creation rolls back
      // (it is empty then), so a failed first deploy does not block the retry with its name.
      removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
    });
    this.plan = new backup.BackupPlan(this, 'Plan', {
      backupVault: this.vault,
      backupPlanRules: [
        new backup.BackupPlanRule({ ruleName: 'Daily', scheduleExpression: dailyBackupSchedule, deleteAfter: Duration.days(dailyBackupRetentionDays) }),
        new backup.BackupPlanRule({ ruleName: 'Monthly', scheduleExpression: monthlyBackupSchedule, deleteAfter: Duration.days(props.retentionDays) }),
      ],
    });
    const resources = [props.tableArn, ...(props.temporalDatabaseArn ? [props.temporalDatabaseArn] : [])].map((arn) => backup.BackupResource.fromArn(arn));
    const selection = this.plan.addSelection('Table', { resources, allowRestores: true });
    for (const policy of ['AWSBackupServiceRolePolicyForBackup', 'AWSBackupServiceRolePolicyForRestores']) {
      Validations.of(selection).acknowledge({
        id: `AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/${policy}]`,
        reason:
          "AWS Backup's own service-role policy, maintained by AWS for its jobs; the role is assumed only by backup.amazonaws.com and the selection names this table (and the self-hosted Temporal's database) alone.",
      });
    }
  }
}
