/**
 * What a deployment for every regency and city of Indonesia would need, computed from the
 * per-programme costs a bench run measured. The assumptions about the country and the unit
 * prices are named here, with where they come from; the generated RESULTS.md prints them
 * beside every figure so that a reader can redo the arithmetic with other values.
 */

/** Regencies (416) and cities (98): Kemendagri's count of kabupaten and kota. */
export const regenciesAndCities = 514;

/**
 * Assumptions per regency, not measurements: about as many smart-city programmes as a
 * masterplan lists for a year, each implemented for three years with monthly reports.
 */
export const assumptions = {
  programmesProposedPerRegencyPerYear: 40,
  implementationYears: 3,
  reportsPerProgrammePerYear: 12,
  /** Share of a day's reminder emails that go out in the first minute after 08:00 WIB (all of them due then). */
  remindersAtEightShare: 1,
} as const;

/**
 * AWS list prices for Asia Pacific (Jakarta), ap-southeast-3, in US dollars, as of mid-2025,
 * recalled without access to the AWS price list from this machine: they MUST be checked
 * before anyone quotes the cost. Temporal Cloud's prices were checked on 2026-12-03 against
 * its pricing page as published in the temporalio/documentation repository
 * (docs/evaluate/temporal-cloud/pricing.mdx): Pay-As-You-Go actions by monthly volume tier,
 * and the Essentials plan at the greater of $100 a month or 5 % of usage.
 */
export const unitPrices = {
  source:
    'AWS: list prices for ap-southeast-3 from aws.amazon.com/dynamodb/pricing/on-demand, aws.amazon.com/fargate/pricing and aws.amazon.com/ses/pricing as of mid-2025; the AWS price pages could not be reached from the benchmark machine, so they are not re-checked: check them before quoting a cost. Temporal Cloud: Pay-As-You-Go action tiers per month ($50 per million for the first 5 million, then $45, $40, $35, $30, $25 up to 200 million; beyond that priced as the last tier) and the Essentials plan (the greater of $100 a month or 5 % of usage), checked on 2026-12-03 against docs.temporal.io/cloud/pricing',
  dynamoWritePerMillion: 0.7116,
  dynamoReadPerMillion: 0.1423,
  dynamoStoragePerGiBMonth: 0.285,
  fargateVcpuHour: 0.05056,
  fargateGiBHour: 0.00553,
  sesPerThousandEmails: 0.1,
  /** Temporal Cloud actions per month: [millions in the tier, USD per million]; the last tier's price applies beyond. */
  temporalActionTiers: [
    [5, 50],
    [5, 45],
    [10, 40],
    [30, 35],
    [50, 30],
    [100, 25],
  ],
  temporalPlanMinimumPerMonth: 100,
  temporalPlanShareOfUsage: 0.05,
} as const;

/** Temporal Cloud's monthly bill for `actions` actions: the tiered action price plus the plan. */
export function temporalCostPerMonth(actions: number): number {
  let left = actions / 1e6;
  let usage = 0;
  let lastPrice = 0;
  for (const [millions, price] of unitPrices.temporalActionTiers) {
    const here = Math.min(left, millions);
    usage += here * price;
    left -= here;
    lastPrice = price;
  }
  usage += left * lastPrice;
  return usage + Math.max(unitPrices.temporalPlanMinimumPerMonth, usage * unitPrices.temporalPlanShareOfUsage);
}

/** Per-programme costs measured by the benches (names as written by the scripts in `costs`). */
export interface MeasuredCosts {
  /** Worker CPU seconds for one programme from proposal to signed commitment (lifecycle). */
  workerCpuSecondsPerLifecycle: number;
  /** Temporal actions (workflow start, activities, timers, Updates, signals) for the same. */
  temporalActionsPerLifecycle: number;
  dynamoWritesPerLifecycle: number;
  dynamoReadsPerLifecycle: number;
  emailsPerLifecycle: number;
  /** Emails, Temporal actions and worker CPU seconds of one overdue report's reminder round (reminder burst). */
  emailsPerReportRound: number;
  temporalActionsPerReportRound: number;
  workerCpuSecondsPerEmail: number;
  /** Emails per second the stack sent in the burst on this machine. */
  burstEmailsPerSecond: number;
  /** Stored bytes per open programme in DynamoDB (scale). */
  storedBytesPerProgramme: number;
}

export interface ExtrapolationRow {
  what: string;
  value: number;
  unit: string;
  how: string;
}

const hoursPerMonth = 730;
/** A measured figure as the table's explanation cites it: three significant digits. */
const cite = (n: number) => String(Number(n.toPrecision(3)));

/** The deployment's needs and its cost per programme and year from `m`. */
export function extrapolate(m: MeasuredCosts): ExtrapolationRow[] {
  const a = assumptions;
  const p = unitPrices;
  const proposedPerYear = regenciesAndCities * a.programmesProposedPerRegencyPerYear;
  const open = proposedPerYear * a.implementationYears;
  const reportRoundsPerYear = open * a.reportsPerProgrammePerYear;
  // The worst 08:00: every open programme's report reminder due on the same working day.
  const emailsAtEight = open * m.emailsPerReportRound * a.remindersAtEightShare;
  const actionsPerMonth = (proposedPerYear * m.temporalActionsPerLifecycle + reportRoundsPerYear * m.temporalActionsPerReportRound) / 12;
  const emailsPerYear = proposedPerYear * m.emailsPerLifecycle + reportRoundsPerYear * m.emailsPerReportRound;
  const workerCpuHoursPerYear = (proposedPerYear * m.workerCpuSecondsPerLifecycle + emailsPerYear * m.workerCpuSecondsPerEmail) / 3600;
  const writesPerYear = proposedPerYear * m.dynamoWritesPerLifecycle;
  const readsPerYear = proposedPerYear * m.dynamoReadsPerLifecycle;
  const storageGiB = (open * m.storedBytesPerProgramme) / 1024 ** 3;
  // The worker runs as Fargate tasks of 0.5 vCPU / 1 GiB; its CPU hours at 50 % utilisation, at least two tasks all year.
  const taskHoursForCpu = workerCpuHoursPerYear / 0.5 / 0.5;
  const taskHours = Math.max(2 * hoursPerMonth * 12, taskHoursForCpu);
  const costPerYear = {
    temporal: temporalCostPerMonth(actionsPerMonth) * 12,
    dynamo: (writesPerYear / 1e6) * p.dynamoWritePerMillion + (readsPerYear / 1e6) * p.dynamoReadPerMillion + storageGiB * p.dynamoStoragePerGiBMonth * 12,
    fargate: taskHours * (0.5 * p.fargateVcpuHour + 1 * p.fargateGiBHour),
    ses: (emailsPerYear / 1000) * p.sesPerThousandEmails,
  };
  const total = costPerYear.temporal + costPerYear.dynamo + costPerYear.fargate + costPerYear.ses;
  return [
    { what: 'regencies and cities', value: regenciesAndCities, unit: '', how: 'Kemendagri: 416 kabupaten + 98 kota' },
    { what: 'programmes proposed per year', value: proposedPerYear, unit: '', how: `${a.programmesProposedPerRegencyPerYear} per regency (assumed)` },
    { what: 'programmes open at once', value: open, unit: '', how: `${a.implementationYears} years of implementation each (assumed)` },
    {
      what: 'emails due at 08:00 WIB on the worst day',
      value: emailsAtEight,
      unit: 'emails',
      how: `every open programme's report round at once × ${cite(m.emailsPerReportRound)} emails per round (measured)`,
    },
    {
      what: 'time to send them at the measured burst rate',
      value: emailsAtEight / m.burstEmailsPerSecond / 60,
      unit: 'min',
      how: `at ${cite(m.burstEmailsPerSecond)} emails/s (one worker, this machine)`,
    },
    {
      what: 'Temporal actions per month',
      value: actionsPerMonth,
      unit: 'actions',
      how: `${cite(m.temporalActionsPerLifecycle)} per lifecycle + ${cite(m.temporalActionsPerReportRound)} per report round (measured)`,
    },
    {
      what: 'DynamoDB writes per second, yearly average',
      value: writesPerYear / (365 * 86400),
      unit: 'writes/s',
      how: `${cite(m.dynamoWritesPerLifecycle)} per lifecycle (measured); reports and reminders not counted`,
    },
    { what: 'DynamoDB stored', value: storageGiB, unit: 'GiB', how: `${cite(m.storedBytesPerProgramme)} bytes per open programme (measured)` },
    {
      what: 'worker CPU per year',
      value: workerCpuHoursPerYear,
      unit: 'CPU-hours',
      how: `${cite(m.workerCpuSecondsPerLifecycle)} s per lifecycle + ${cite(m.workerCpuSecondsPerEmail)} s per email (measured)`,
    },
    {
      what: 'cost per year: Temporal Cloud actions',
      value: costPerYear.temporal,
      unit: 'USD',
      how: 'tiered price per action by monthly volume, plus the Essentials plan',
    },
    { what: 'cost per year: DynamoDB on demand', value: costPerYear.dynamo, unit: 'USD', how: 'writes, reads, storage' },
    { what: 'cost per year: worker on Fargate', value: costPerYear.fargate, unit: 'USD', how: '0.5 vCPU / 1 GiB tasks, at least 2, 50 % utilisation' },
    { what: 'cost per year: SES', value: costPerYear.ses, unit: 'USD', how: `$${p.sesPerThousandEmails} per 1,000 emails` },
    { what: 'cost per open programme per year', value: total / open, unit: 'USD', how: 'the four lines above / programmes open (API Lambda not counted)' },
  ];
}
