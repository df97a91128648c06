import { afterAll, describe, expect, test } from 'vitest';
import { ZCreateInterviewInput } from '@/lib/schemas/api';
import { ZDashboardQuery } from '@/lib/schemas/report';
import { asyncStatusOf, listDashboard } from '../dashboard';
import { db } from '../db';
import { createInterview } from '../interviews';
import { makeMember } from '../testing/fixtures';

/**
 * Authoring an async interview (questions written with the interview, in order, audited) and its
 * status line on the dashboard, read back through the dashboard's own query.
 */

const QUESTION = { prompt: 'Tell us about a project', thinkSeconds: 5, maxAnswerSeconds: 30 };

async function authored() {
  const org = await db.organization.create({ data: { name: `org-${Date.now()}` } });
  const owner = await makeMember(org.id, 'OWNER');
  const input = ZCreateInterviewInput.parse({
    title: 'Recorded screen',
    kind: 'ASYNC',
    candidate: { name: 'Cand', email: `c-${Date.now()}@example.test` },
    questions: [
      { ...QUESTION, retakesAllowed: 2 },
      { ...QUESTION, prompt: 'Why this role?', retakesAllowed: 0 },
    ],
  });
  const interview = await createInterview(owner, input);
  return { owner, interview };
}

const dashboardStatus = async (owner: Awaited<ReturnType<typeof authored>>['owner']) => {
  const { rows } = await listDashboard(owner, ZDashboardQuery.parse({}));
  return asyncStatusOf(rows[0]!.answers);
};

describe.runIf(Boolean(process.env.DATABASE_URL))('async authoring and dashboard status', () => {
  afterAll(async () => {
    await db.$disconnect();
  });

  test('questions are stored in order with the interview, and the creation is audited', async () => {
    const { owner, interview } = await authored();
    const qs = await db.asyncQuestion.findMany({
      where: { interviewId: interview.id },
      orderBy: { position: 'asc' },
    });
    expect(qs.map((q) => [q.position, q.prompt, q.retakesAllowed])).toEqual([
      [0, 'Tell us about a project', 2],
      [1, 'Why this role?', 0],
    ]);
    const audit = await db.auditLog.findFirstOrThrow({
      where: { organizationId: owner.organizationId, action: 'interview.create' },
    });
    expect(audit.data).toMatchObject({ kind: 'ASYNC', questions: 2 });
  });

  test('dashboard: waiting, recording, queued, analysing n %, done, failed with the reason', async () => {
    const { owner, interview } = await authored();
    expect(await dashboardStatus(owner)).toEqual({
      code: 'waiting',
      text: 'waiting for the candidate',
    });
    const [q1, q2] = await db.asyncQuestion.findMany({
      where: { interviewId: interview.id },
      orderBy: { position: 'asc' },
    });
    const session = await db.session.create({ data: { interviewId: interview.id } });
    const a1 = await db.asyncAnswer.create({
      data: { sessionId: session.id, questionId: q1!.id, take: 1 },
    });
    expect((await dashboardStatus(owner))?.code).toBe('recording');
    // a discarded take is not counted
    await db.asyncAnswer.update({ where: { id: a1.id }, data: { status: 'DISCARDED' } });
    const a2 = await db.asyncAnswer.create({
      data: { sessionId: session.id, questionId: q1!.id, take: 2, status: 'UPLOADED' },
    });
    const a3 = await db.asyncAnswer.create({
      data: { sessionId: session.id, questionId: q2!.id, take: 1, status: 'UPLOADED' },
    });
    expect((await dashboardStatus(owner))?.code).toBe('queued');
    await db.asyncAnswer.update({
      where: { id: a2.id },
      data: { status: 'ANALYSING', progress: 0.5 },
    });
    expect(await dashboardStatus(owner)).toEqual({ code: 'analysing', text: 'analysing 25 %' });
    await db.asyncAnswer.updateMany({
      where: { id: { in: [a2.id, a3.id] } },
      data: { status: 'DONE', progress: 1 },
    });
    expect(await dashboardStatus(owner)).toEqual({ code: 'done', text: 'done' });
    await db.asyncAnswer.update({
      where: { id: a3.id },
      data: { status: 'FAILED', failureReason: 'not a readable video' },
    });
    expect(await dashboardStatus(owner)).toEqual({
      code: 'failed',
      text: 'failed: not a readable video',
    });
  });
});
