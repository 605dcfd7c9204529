/**
 * What every activity group shares: the dependencies, and the few steps they all take
 * (load a programme, find people, issue and revoke links, send one email exactly once).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { ApplicationFailure, asyncLocalStorage, log } from '@temporalio/activity';
import { WorkingCalendar, startOfWibDay, wibDate, type HolidayYear } from '../domain/calendar.js';
import type { EscalatingWork, EscalationTarget } from '../domain/escalation.js';
import { holderOn, nextHandover } from '../domain/offices.js';
import { linkSubject, type LinkPurpose, type LinkRef } from '../domain/links.js';
import { currentOpdOf } from '../domain/opds.js';
import { isActivePerson } from '../domain/people.js';
import type { Assignee, ProgramRecord } from '../domain/program.js';
import type { ProgramEvent } from '../domain/program.js';
import { refusalTypes } from '../domain/refusals.js';
import { actorOf, type Actor, type Person } from '../domain/roles.js';
import type { Stage } from '../domain/stages.js';
import { PermanentMailError, type Mailer, type OutgoingMail } from '../mail/mailer.js';
import { loadProgramSummary } from '../mail/program-summary.js';
import { holidayDataMissingMail, type MailContent, type ProgramSummary } from '../mail/templates.js';
import { deriveLinkToken, hashLinkToken } from '../security/link-tokens.js';
import type { Store } from '../store/index.js';
import { createReferenceCache, defaultReferenceTtlMs } from './reference-cache.js';

export interface ActivityDeps {
  store: Store;
  mailer: Mailer;
  /** HMAC secret links are derived from. */
  linkSecret: string;
  /** Where links in email point (the API's public address). */
  publicBaseUrl: string;
  /** Days an emailed link stays valid if its stage does not end first. */
  linkTtlDays: number;
  /** How long reference data (roster, OPDs, dimensions, holiday years) is reused; 0: read every time. Default 60 s. */
  referenceTtlMs?: number;
}

/**
 * Temporal's clock: when the running activity attempt was scheduled (the wall clock outside an
 * activity). Time-skipping tests move it, so reference data ages with the time they skip.
 */
const temporalNow = (): number => asyncLocalStorage.getStore()?.info.currentAttemptScheduledTimestampMs || Date.now();

/**
 * A little before this attempt's start-to-close timeout, counted from when it was scheduled (it
 * started then or later, so this is never past the real deadline): after it, the server may
 * already run a retry, and waiting longer only races it.
 */
function attemptDeadline(): number | undefined {
  const info = asyncLocalStorage.getStore()?.info;
  return info?.startToCloseTimeoutMs ? info.currentAttemptScheduledTimestampMs + info.startToCloseTimeoutMs - 5_000 : undefined;
}

/** A recipient whose address the mail server refused for good (SMTP 5xx): the roster must be corrected. */
export interface RefusedMail {
  userId: string;
  name: string;
  address: string;
  /** The server's answer, for the audit trail and the logs. */
  reason: string;
}

/** What a mailing activity returns besides its result: the recipients refused for good (the others were mailed). */
export interface MailOutcome {
  mailRefused: RefusedMail[];
}

/** An email a collecting activity will send when its body has finished. */
interface QueuedMail {
  mail: OutgoingMail;
  to: Person;
  messageKey: string;
}

/** The activity running now: its refusals, and the emails it sends together at its end (see `collectMailRefusals`). */
interface MailingActivity {
  refused: RefusedMail[];
  outbox: QueuedMail[];
  /** Set by the context that queued mail: sends the outbox and collects its refusals. */
  send?: (activity: MailingActivity) => Promise<void>;
}

const mailingActivity = new AsyncLocalStorage<MailingActivity>();

/**
 * Runs the body of an activity that sends email. The emails its body asks for are sent together
 * when it has finished (their mail log records written together too; nothing is sent by an
 * attempt that fails). A recipient refused for good does not fail the activity (which would fail
 * the programme's workflow, and leave the other recipients of the same step without their email):
 * the refusal is collected and returned with the result, and the workflow records it and tells
 * the secretariat.
 */
export async function collectMailRefusals<R extends object | void>(body: () => Promise<R>): Promise<R extends object ? R & MailOutcome : MailOutcome> {
  const activity: MailingActivity = { refused: [], outbox: [] };
  const result = await mailingActivity.run(activity, body);
  if (activity.outbox.length > 0) await activity.send?.(activity);
  const mailRefused = [...new Map(activity.refused.map((r) => [`${r.userId}|${r.address}`, r])).values()];
  return { ...(result ?? {}), mailRefused } as R extends object ? R & MailOutcome : MailOutcome;
}

export const toAssignee = (p: Pick<Person, 'id' | 'name' | 'title'> | Actor): Assignee =>
  'userId' in p ? { userId: p.userId, name: p.name, title: p.title } : { userId: p.id, name: p.name, title: p.title };

export function uniqueById(people: Person[]): Person[] {
  return [...new Map(people.map((p) => [p.id, p])).values()];
}

export function createActivityContext(deps: ActivityDeps) {
  const { store, mailer } = deps;
  const base = deps.publicBaseUrl.replace(/\/+$/, '');
  const roster = createReferenceCache(store, { ttlMs: deps.referenceTtlMs ?? defaultReferenceTtlMs, now: temporalNow });

  /** Retrying cannot help and failing would stop the programme: the refusal is collected for the workflow to record (outside a collecting activity, only the log line is left). */
  function refusedPermanently(q: QueuedMail, e: PermanentMailError, activity: MailingActivity | undefined): void {
    log.error('email refused permanently', { messageKey: q.messageKey, to: q.to.id, error: e.message });
    activity?.refused.push({ userId: q.to.id, name: q.to.name, address: q.to.email, reason: e.message });
  }

  async function sendOutbox(activity: MailingActivity): Promise<void> {
    const queued = activity.outbox.splice(0);
    const results = await mailer.sendAll(
      queued.map((q) => q.mail),
      { recordBy: attemptDeadline() },
    );
    results.forEach((result, i) => {
      const q = queued[i]!;
      if (result instanceof PermanentMailError) refusedPermanently(q, result, activity);
      else if (result === 'already_sent') log.info('email already sent; not sending again', { messageKey: q.messageKey, to: q.to.id });
    });
  }

  const ctx = {
    deps,
    store,
    /** The roster's reads through the worker's reference cache: use these, not `store.roster`. */
    roster,
    /** The programme's page in the web application (docs/product.md §8); signed out, it passes through sign-in. */
    programUrl: (programId: string) => `${base}/program/${programId}`,
    verifyUrl: (hash: string) => `${base}/v1/commitments/${hash}`,

    async loadProgram(programId: string): Promise<ProgramRecord> {
      const program = await store.programs.getProgram(programId);
      if (!program) throw ApplicationFailure.nonRetryable(`programme ${programId} is not in the store`, 'ProgramMissing');
      return program;
    },

    /** Where emails read names (dimensions, quick wins): the reference cache. */
    labels: { roster, masterplan: roster.masterplan },

    summary: (program: ProgramRecord): Promise<ProgramSummary> => loadProgramSummary(ctx.labels, program),

    async calendar(): Promise<WorkingCalendar> {
      return new WorkingCalendar(await roster.listHolidayYears());
    },

    /** The holiday years stored now, as a workflow holds them to plan its reminders itself. */
    async holidayYears(): Promise<HolidayYear[]> {
      return (await roster.listHolidayYears()).map((y) => ({ year: y.year, source: y.source, holidays: y.holidays }));
    },

    /**
     * The calendar, after making sure a missing year does not go unnoticed: a deadline in a year
     * without holiday data counts weekends only, so the worker logs it and the secretariat is
     * told (once per year: the Message-ID names the year).
     */
    async calendarFor(...dates: string[]): Promise<WorkingCalendar> {
      const calendar = await ctx.calendar();
      for (const year of calendar.missingYears(...dates)) {
        log.warn('no holiday data for a deadline year: counting weekends only', { year });
        for (const person of await roster.peopleWithRole('secretariat')) {
          await ctx.mail(
            `alur.calendar-missing.${year}`,
            person,
            holidayDataMissingMail({ recipient: toAssignee(person), year, knownYears: calendar.knownYears() }),
            null,
          );
        }
      }
      return calendar;
    },

    /**
     * Before an action is recorded: the person behind its event, read from the roster now (not
     * from the cache, and never trusting what the request said about them), must still be
     * allowed by `rule`. Otherwise the activity fails with NotAllowed, which the workflow turns
     * into the request's refusal. A retry whose event is already stored was checked before.
     * `freshRoster`: the roster as this activity has just read it from the table for the same
     * check (never the cache's copy), which spares reading the person again.
     */
    async confirmActor(event: ProgramEvent, rule: (actor: Actor) => string | null, freshRoster?: readonly Person[]): Promise<void> {
      if (!event.actor) return;
      const { userId } = event.actor;
      const person = freshRoster ? (freshRoster.find((p) => p.id === userId) ?? null) : await store.roster.getPerson(userId);
      // Someone made inactive since the page or link was drawn acts for nobody.
      const why = person && isActivePerson(person) ? rule(actorOf(person)) : 'you are no longer an active member of the roster';
      if (why === null || (await store.programs.hasEvent(event.programId, event.seq))) return;
      throw ApplicationFailure.nonRetryable(why, refusalTypes.notAllowed);
    },

    async peopleById(ids: string[]): Promise<Person[]> {
      const found = await Promise.all([...new Set(ids)].map((id) => roster.getPerson(id)));
      return found.filter((p): p is Person => p !== null && isActivePerson(p));
    },

    /**
     * Who an escalation step tells (domain/escalation.ts): each office's holder on the day of the
     * escalation, or the secretariat; never someone whose own work is overdue. `targets` are the
     * offices the workflow holds for the step; without them (a workflow from before escalation
     * had steps) the step as stored now.
     */
    async escalationRecipients(e: { work: EscalatingWork; step: number; targets?: EscalationTarget[]; at: string; overdueBy: string[] }): Promise<Person[]> {
      const stored = e.targets ? null : (await store.roster.getEscalationPolicy())[e.work];
      const targets = e.targets ?? (stored?.[e.step - 1] ?? stored?.[0])?.targets ?? [];
      const date = wibDate(new Date(e.at));
      const people: Person[] = [];
      for (const target of targets) {
        if (target === 'secretariat') people.push(...(await roster.peopleWithRole('secretariat')));
        else {
          const holder = await roster.holderOn(target, date);
          if (holder) people.push(holder);
        }
      }
      const recipients = uniqueById(people.filter((p) => !e.overdueBy.includes(p.id)));
      if (recipients.length === 0) log.warn('an escalation step has nobody to tell', { work: e.work, step: e.step, targets });
      return recipients;
    },

    /**
     * The OPD's heads and the person who proposed: who hears about their proposal and reports on
     * it. Once the OPD was merged, the heads of the OPD that took it over (domain/opds.ts).
     */
    async proposingSide(program: ProgramRecord): Promise<Person[]> {
      const [people, opds] = await Promise.all([roster.listPeople(), roster.listOpds()]);
      const opdId = currentOpdOf(program.proposal.opdId, opds);
      const side = people.filter((p) => p.id === program.proposer.userId || (p.opdId === opdId && p.roles.includes('opd_head')));
      return uniqueById(side.filter(isActivePerson));
    },

    /**
     * Who must act for the proposing OPD on its revision and its periodic reports
     * (docs/product.md §10): the OPD's head on the day, and the proposer while still active in
     * that OPD with an OPD role. With neither, the OPD's other active people, so the work never
     * waits for nobody. An OPD merged into another acts through the one it was merged into.
     * `fresh` reads the roster anew (a re-route decides on today's roster).
     */
    async opdActors(program: ProgramRecord, at: string, o: { fresh?: boolean } = {}): Promise<Person[]> {
      // One read of each list: the head of the day is found among the same people.
      const [people, opds, terms] = await Promise.all([roster.listPeople(o), roster.listOpds(o), roster.listOfficeTerms(o)]);
      const opdId = currentOpdOf(program.proposal.opdId, opds);
      const head = holderOn(`kepala:${opdId}`, wibDate(new Date(at)), terms, people)?.person ?? null;
      const ofOpd = (p: Person) => isActivePerson(p) && p.opdId === opdId && p.roles.some((r) => r === 'opd_head' || r === 'opd_staff');
      const proposer = people.find((p) => p.id === program.proposer.userId);
      const actors = uniqueById([...(head ? [head] : []), ...(proposer && ofOpd(proposer) ? [proposer] : [])]);
      return actors.length > 0 ? actors : people.filter(ofOpd);
    },

    /** When the OPD head's office next changes hands by a recorded handover (the start of that WIB day), or null. */
    async nextOpdHandoverAt(program: ProgramRecord, at: string): Promise<string | null> {
      const opdId = currentOpdOf(program.proposal.opdId, await roster.listOpds());
      const day = nextHandover([`kepala:${opdId}`], wibDate(new Date(at)), await roster.listOfficeTerms());
      return day === null ? null : startOfWibDay(day).toISOString();
    },

    /**
     * Issues a person's link for a stage occurrence (idempotent: the same token on every retry)
     * and returns its URL.
     */
    async issueLink(l: {
      programId: string;
      stageSeq: number;
      stage: Stage;
      person: Person;
      purpose: LinkPurpose;
      at: string;
      expiresAt?: string;
    }): Promise<string> {
      const token = deriveLinkToken(deps.linkSecret, { programId: l.programId, stageSeq: l.stageSeq, userId: l.person.id, subject: linkSubject(l.purpose) });
      await store.linkTokens.issue({
        tokenHash: hashLinkToken(token),
        programId: l.programId,
        stageSeq: l.stageSeq,
        stage: l.stage,
        assignee: toAssignee(l.person),
        purpose: l.purpose,
        issuedAt: l.at,
        expiresAt: l.expiresAt ?? new Date(Date.parse(l.at) + deps.linkTtlDays * 86_400_000).toISOString(),
      });
      return `${base}/act/${token}`;
    },

    async revokeLinks(programId: string, stageSeq: number, links: LinkRef[]): Promise<void> {
      const now = new Date();
      // Each revocation is its own idempotent write: all at once.
      await Promise.all(
        links.map((l) =>
          store.linkTokens.revoke(hashLinkToken(deriveLinkToken(deps.linkSecret, { programId, stageSeq, userId: l.userId, subject: l.subject })), now),
        ),
      );
    },

    /**
     * Sends one intended email once: its Message-ID is derived from `messageKey` and the
     * recipient. A programme's email inside a collecting activity (`collectMailRefusals`) is
     * queued and sent with the activity's other emails when its body has finished. With `owner` (an email several
     * activities may want at once), only the first to record the intent sends it, right away.
     */
    async mail(messageKey: string, to: Person, content: MailContent, programId: string | null, owner?: string): Promise<void> {
      const mail: OutgoingMail = {
        messageId: `${messageKey}.${to.id}@${mailer.messageIdDomain}`,
        to: { name: to.name, address: to.email },
        ...content,
        programId,
      };
      const activity = mailingActivity.getStore();
      // Only a programme's own email is queued: no other activity sends its Message-ID, which
      // the mail log's batch write relies on. Notices several activities may send go out now.
      if (activity && programId !== null && !owner) {
        activity.outbox.push({ mail, to, messageKey });
        activity.send = sendOutbox;
        return;
      }
      try {
        const result = await mailer.send(mail, { recordBy: attemptDeadline(), ...(owner ? { owner } : {}) });
        if (result === 'already_sent') log.info('email already sent; not sending again', { messageKey, to: to.id });
      } catch (e) {
        if (!(e instanceof PermanentMailError)) throw e;
        refusedPermanently({ mail, to, messageKey }, e, activity);
      }
    },
  };
  return ctx;
}

export type ActivityContext = ReturnType<typeof createActivityContext>;
