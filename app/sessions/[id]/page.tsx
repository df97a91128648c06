import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { cache } from 'react';
import '../../reports.css';
import { TopBar } from '@/components/topbar';
import { FUSION_CONFIG } from '@/lib/analysis/fusion-config';
import { Badge, Card } from '@/components/ui';
import {
  ChallengeList,
  evidenceCaption,
  FlaggedMoments,
} from '@/components/report/report-evidence';
import { OriginFacts } from '@/components/report/origin-facts';
import { FactsTable, ModelsTable } from '@/components/report/report-facts';
import { DecisionHistory, NotesList, VerdictSummary } from '@/components/report/report-verdict';
import { IdentitySection } from '@/components/report/identity-section';
import { SignalTimelines } from '@/components/report/signal-timelines';
import { ZId } from '@/lib/schemas/api';
import { HttpError } from '@/lib/server/http';
import { getIdentitySection } from '@/lib/server/identity-report';
import { CAN_READ_REPORTS, requirePageMember } from '@/lib/server/members';
import { integrityHash, reportContent } from '@/lib/server/reports/export';
import { getSessionReport } from '@/lib/server/reports/load';
import { CAN_DECIDE } from '@/lib/server/reports/review';
import { PLOT_THRESHOLDS } from '@/lib/server/reports/series';
import { listSessionAnswers, type TAnswerView } from '@/lib/server/async/answer-report';
import type { TSessionReport } from '@/lib/server/reports/load';
import { AnswerPlayer, RefreshWhilePending, type TPlayerAnswer } from './_client/answer-player';
import { DecisionForm } from './_client/decision-form';
import { NoteForm } from './_client/note-form';

export const dynamic = 'force-dynamic';

type Props = {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

const fmt = (d: Date) => d.toISOString().replace('T', ' ').slice(0, 16) + ' UTC';

/** One load per request, shared by generateMetadata and the page. */
const load = cache(async (id: string) => {
  const member = await requirePageMember(`/sessions/${id}`);
  if (!ZId.safeParse(id).success) notFound();
  try {
    const report = await getSessionReport(member, id);
    return { member, report, hash: integrityHash(reportContent(report)) };
  } catch (err) {
    if (err instanceof HttpError && err.status === 404) notFound();
    throw err;
  }
});

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { report } = await load((await params).id);
  // The verdict is in the title so it also lands in the PDF's metadata.
  return { title: `Report ${report.verdict?.label ?? 'PENDING'} — ${report.candidate.name}` };
}

/** Each answer with its slice of the session's timeline and the markers that fall inside it. */
function playerAnswers(report: TSessionReport, answers: TAnswerView[]): TPlayerAnswer[] {
  return answers.map((a) => {
    const end = a.offsetMs + (a.durationMs ?? 0);
    const inside = (t: number | null): t is number => t !== null && t >= a.offsetMs && t <= end;
    const slice = (pts: Array<[number, number | null]>) => pts.filter(([t]) => inside(t));
    return {
      ...a,
      faces: slice(report.plot.faces).map(([t, v]) => [t, v === null ? null : Math.min(1, v)]),
      antiSpoof: slice(report.plot.antiSpoof),
      markers: [
        ...report.challenges
          .filter((c) => inside(c.startMs))
          .map((c) => ({
            atMs: c.startMs as number,
            kind: 'challenge' as const,
            label: `${c.kind}: ${c.outcome.toLowerCase()}`,
            tone:
              c.outcome === 'PASSED'
                ? ('good' as const)
                : c.outcome === 'FAILED'
                  ? ('bad' as const)
                  : ('neutral' as const),
          })),
        ...(report.verdict?.reasons ?? [])
          .filter((r) => r.severity !== 'soft' && inside(r.startMs))
          .map((r) => ({
            atMs: r.startMs,
            kind: 'flag' as const,
            label: r.text,
            tone: 'bad' as const,
          })),
        ...report.flagged
          .filter((e) => inside(e.atMs))
          .map((e) => ({
            atMs: e.atMs as number,
            kind: 'flag' as const,
            label: evidenceCaption(e.reason),
            tone: 'bad' as const,
          })),
      ],
    };
  });
}

export default async function SessionReportPage({ params, searchParams }: Props) {
  const { id } = await params;
  const printView = (await searchParams).print === '1';
  const { member, report, hash } = await load(id);
  const { plot, derived } = report;
  const deleted = report.session.biometricsDeletedAt;
  const answers =
    report.interview.kind === 'ASYNC' ? playerAnswers(report, await listSessionAnswers(id)) : [];
  // Also while the verdict of finished answers is being computed (it follows the last DONE).
  const pending =
    answers.some((a) => ['RECORDING', 'UPLOADED', 'ANALYSING'].includes(a.status)) ||
    (answers.some((a) => a.status === 'DONE') && !report.verdict);
  const xEnd = Math.max(plot.endMs, derived.scoreTrack.at(-1)?.[0] ?? 0, 1000);
  // The charts start where the evidence does (rounded down to 5 s), not at the clock's zero: a live
  // room's clock starts when the interviewer opened the room, often many seconds before the video.
  const firstMs = Math.min(
    plot.faces.length > 0 ? plot.startMs : Infinity,
    derived.scoreTrack[0]?.[0] ?? Infinity,
    ...report.challenges.map((c) => c.startMs ?? Infinity),
    ...report.flagged.map((e) => e.atMs ?? Infinity),
  );
  const xStart = Number.isFinite(firstMs)
    ? Math.min(Math.floor(firstMs / 5000) * 5000, Math.max(0, xEnd - 1000))
    : 0;
  return (
    <>
      {!printView && <TopBar user={member} />}
      <main className={printView ? 'report print-view' : 'report'}>
        <header className="report-head">
          <div>
            <h1>
              {report.candidate.name} <Badge value={report.interview.status} />
            </h1>
            <p className="muted">
              {report.interview.title} ·{' '}
              {report.interview.kind === 'LIVE' ? 'live interview' : 'recorded interview'} · session{' '}
              {fmt(report.session.startedAt)}
              {report.session.endedAt ? ` – ${fmt(report.session.endedAt)}` : ' (ongoing)'} ·{' '}
              <Link href={`/interviews/${report.interview.id}`}>interview</Link>
            </p>
          </div>
          {!printView && (
            <nav className="report-actions" aria-label="Export">
              <a className="button secondary" href={`/api/sessions/${id}/export.json`}>
                Export JSON
              </a>
              <a className="button secondary" href={`/api/sessions/${id}/export.pdf`}>
                Export PDF
              </a>
            </nav>
          )}
        </header>
        <Card title="Verdict">
          <VerdictSummary verdict={report.verdict} />
          {derived.scoreTrack.length > 0 && (
            <p className="muted small">
              The score over time below ends at{' '}
              <strong data-testid="track-final-score">{derived.scoreTrack.at(-1)![1]}</strong>,
              computed from the same stored evidence as the verdict.
            </p>
          )}
          <DecisionHistory decisions={report.decisions} />
        </Card>
        {answers.length > 0 && (
          <Card title="Recorded answers">
            {!printView && <RefreshWhilePending pending={pending} />}
            {answers.map((a) => (
              <AnswerPlayer key={a.id} sessionId={id} answer={a} />
            ))}
          </Card>
        )}
        <Card title="Signals over the session">
          {deleted && (
            <p className="alert alert-info">
              Biometric data (signal windows, frames) was deleted on {fmt(deleted)}; the verdict and
              outcomes remain.
            </p>
          )}
          {plot.faces.length === 0 && derived.scoreTrack.length === 0 ? (
            <p className="muted">No trusted signal windows are stored for this session.</p>
          ) : (
            <SignalTimelines
              xDomain={[xStart, xEnd]}
              scoreTrack={derived.scoreTrack}
              {...plot}
              challenges={report.challenges}
              flagged={report.flagged}
              reasons={report.verdict?.reasons ?? []}
              thresholds={PLOT_THRESHOLDS}
              passAt={FUSION_CONFIG.fusion.passAtOrAbove}
              configVersion={derived.configVersion}
            />
          )}
        </Card>
        <Card title="Liveness challenges">
          <ChallengeList challenges={report.challenges} />
        </Card>
        <Card title="Flagged moments">
          <FlaggedMoments flagged={report.flagged} reasons={report.verdict?.reasons ?? null} />
        </Card>
        <Card title="Identity and origin">
          <IdentitySection
            data={await getIdentitySection(member, id)}
            canReview={!printView && (CAN_READ_REPORTS as readonly string[]).includes(member.role)}
          />
        </Card>
        <Card title="Device and network">
          <FactsTable facts={report.facts} />
        </Card>
        <Card title="Network origin">
          <OriginFacts origin={report.origin} alerts={report.originAlerts} />
        </Card>
        <Card title="Review">
          <h3>Notes</h3>
          <NotesList notes={report.notes} />
          {!printView && <NoteForm sessionId={id} />}
          {!printView && (CAN_DECIDE as readonly string[]).includes(member.role) && (
            <>
              <h3>Final decision</h3>
              <DecisionForm sessionId={id} />
            </>
          )}
        </Card>
        <Card title="Versions and integrity">
          <ModelsTable
            models={report.models}
            configVersion={report.verdict?.configVersion ?? null}
          />
          <p className="small">
            Integrity (sha256 of the JSON export without its <span className="mono">integrity</span>{' '}
            field):{' '}
            <span className="mono" data-testid="integrity-hash">
              {hash}
            </span>
          </p>
        </Card>
      </main>
    </>
  );
}
