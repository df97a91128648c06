import { z } from 'zod';

/**
 * Live-room API schemas (Z… schema, T… inferred type): token requests and answers, the candidate's
 * device report (untrusted) and the interviewer's WebRTC receive statistics (trusted). Strict and
 * bounded: the server validates every body with these.
 */

const ZInviteToken = z.string().min(10).max(512);
/** Client-generated, random, reused verbatim on retries: the idempotency key of a batch. */
export const ZBatchId = z
  .string()
  .regex(/^[A-Za-z0-9_-]{16,64}$/, 'batch id: 16–64 url-safe characters');
const ZIsoTime = z.iso.datetime({ offset: true });

export const ZCandidateTokenInput = z.strictObject({ token: ZInviteToken });

export const ZRoomTokenInput = z.strictObject({});

/** What both token routes answer: where to connect and with what. */
export const ZRoomConnection = z.strictObject({
  url: z.string().min(1).max(512),
  token: z.string().min(1).max(8192),
  roomName: z.string().min(1).max(128),
  identity: z.string().min(1).max(128),
  expiresAt: ZIsoTime,
});
export type TRoomConnection = z.infer<typeof ZRoomConnection>;

/**
 * The candidate's answer also carries what its page needs to verify liveness-challenge prompts:
 * the open session's id and that session's prompt key (null until LiveKit's webhook opened it).
 */
export const ZCandidateConnection = ZRoomConnection.extend({
  challenge: z
    .strictObject({ sessionId: z.string().min(1).max(64), promptKey: z.string().min(16).max(128) })
    .nullable(),
});
export type TCandidateConnection = z.infer<typeof ZCandidateConnection>;

/** JSON carried in the participant metadata of every Candor token: binds it to one interview. */
export const ZParticipantMetadata = z.strictObject({
  v: z.literal(1),
  role: z.enum(['candidate', 'interviewer']),
  interviewId: z.string().max(64),
  inviteId: z.string().max(64).nullable(),
});
export type TParticipantMetadata = z.infer<typeof ZParticipantMetadata>;

const text = (max: number) => z.string().max(max);
const dim = z.number().int().min(0).max(16_384);
const rate = z.number().finite().min(0).max(1_000);

/** Requested vs delivered capture settings: a mismatch can reveal a virtual camera or a re-encoder. */
const ZCaptureSettings = z.strictObject({
  width: dim.nullable(),
  height: dim.nullable(),
  frameRate: rate.nullable(),
});

export const ZDeviceFacts = z.strictObject({
  kind: z.literal('device.facts'),
  v: z.literal(1),
  cameraLabel: text(256),
  microphoneLabel: text(256),
  cameraCount: z.number().int().min(0).max(64),
  microphoneCount: z.number().int().min(0).max(64),
  requested: ZCaptureSettings,
  delivered: ZCaptureSettings,
  timeZone: text(64),
  languages: z.array(text(35)).max(16),
  userAgent: text(512),
  screen: z.strictObject({
    width: dim,
    height: dim,
    pixelRatio: z.number().finite().min(0).max(16),
  }),
  /** navigator.platform (optional: older clients did not send it) */
  platform: text(64).optional(),
  /** WebGL unmasked renderer string, e.g. the GPU model (optional) */
  gpuRenderer: text(256).optional(),
});
export type TDeviceFacts = z.infer<typeof ZDeviceFacts>;

export const ZCandidateReportInput = z.strictObject({
  token: ZInviteToken,
  batchId: ZBatchId,
  capturedAt: ZIsoTime,
  facts: ZDeviceFacts,
});
export type TCandidateReportInput = z.infer<typeof ZCandidateReportInput>;

const ms = z.number().finite().min(0).max(600_000);
const count = z.number().int().min(0).max(1e12);

/** One window of the RECEIVED candidate video's WebRTC statistics, as the interviewer saw it. */
export const ZNetworkStatsWindow = z.strictObject({
  kind: z.literal('webrtc.stats'),
  v: z.literal(1),
  windowStart: ZIsoTime,
  windowEnd: ZIsoTime,
  participantIdentity: text(128),
  rttMs: ms.nullable(),
  jitterMs: ms.nullable(),
  packetsReceived: count.nullable(),
  packetsLost: z.number().int().min(-1e9).max(1e12).nullable(),
  /** lost / (received + lost) over this window */
  lossRate: z.number().finite().min(0).max(1).nullable(),
  framesPerSecond: rate.nullable(),
  framesDecoded: count.nullable(),
  frameWidth: dim.nullable(),
  frameHeight: dim.nullable(),
  codec: text(64).nullable(),
  /** ICE type of the selected pair's candidates: host, srflx, prflx or relay */
  localCandidateType: z.enum(['host', 'srflx', 'prflx', 'relay']).nullable(),
  remoteCandidateType: z.enum(['host', 'srflx', 'prflx', 'relay']).nullable(),
  protocol: z.enum(['udp', 'tcp']).nullable(),
});
export type TNetworkStatsWindow = z.infer<typeof ZNetworkStatsWindow>;

export const ZNetworkStatsInput = z.strictObject({
  batchId: ZBatchId,
  windows: z.array(ZNetworkStatsWindow).min(1).max(24),
});
export type TNetworkStatsInput = z.infer<typeof ZNetworkStatsInput>;

export const ZStoredBatch = z.strictObject({
  stored: z.number().int(),
  duplicate: z.number().int(),
});
export type TStoredBatch = z.infer<typeof ZStoredBatch>;
