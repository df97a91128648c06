import 'server-only';

/** The consent notice shown before any capture. Bump the version whenever the text changes. */
export const CONSENT_NOTICE_VERSION = '2026-12-01';

export const CONSENT_NOTICE = {
  captured: [
    'your camera video and microphone audio during the interview',
    'measurements computed from the video: face landmarks, head pose, blinks, skin-colour changes, and model scores for signs of photos, replays or synthetic video',
    'a few still frames at flagged moments and during liveness prompts',
    'a face identity template (biometric): numeric descriptors of your face, used only within this organization to check that the same person attends every round and that your face is not used under another name',
    'device and network facts: camera name, resolution and frame rate, time zone, language, connection type',
  ],
  /** shown in addition for a recorded (async) interview */
  recorded:
    'for a recorded interview: the video and audio of each answer you record (and of retakes) are uploaded and stored, analysed on our server, and shown to the hiring team; a take you replace by a retake is kept until the recordings are deleted',
  why: 'to confirm that the person in the interview is present, live and the same person throughout, and to protect candidates from impersonation',
  retention: (days: number) =>
    `face measurements, the face identity template, still frames, recordings and signal data are deleted ${days} days after the interview; the verdict and an audit trail of who did what are kept`,
  deletion:
    'you can ask the hiring team at any time to delete your data; deletion is carried out and recorded in the audit log',
  decisions:
    'no hiring decision is taken by the software alone: a person reviews every flag, and you can ask for a review',
};
