/**
 * MediaPipe FaceLandmarker, loaded from our own origin (wasm under /vendor/mediapipe/, the model
 * under /models/). Worker-only.
 */
import { FaceLandmarker, FilesetResolver } from '@mediapipe/tasks-vision';
import { memoAsync } from './memo';

export const LANDMARKER_MODEL = 'face_landmarker.task';

export interface LandmarkerKey {
  assetBaseUrl: string;
  numFaces: number;
}

/**
 * Whether this worker can run classic scripts. Module workers (the esbuild harness) throw a
 * TypeError on importScripts(); Turbopack wraps `new Worker(url, { type: 'module' })` in a
 * classic worker, where it works. MediaPipe needs the matching flavour of its wasm loader: the
 * classic one defines a global via importScripts, the ES-module one is import()-ed.
 */
function classicWorker(): boolean {
  try {
    (self as unknown as { importScripts: () => void }).importScripts();
    return true;
  } catch {
    return false;
  }
}

async function createLandmarker(key: LandmarkerKey): Promise<FaceLandmarker> {
  const wasmBase = new URL('vendor/mediapipe', key.assetBaseUrl).href;
  const fileset = await FilesetResolver.forVisionTasks(wasmBase, !classicWorker());
  return FaceLandmarker.createFromOptions(fileset, {
    baseOptions: {
      modelAssetPath: new URL(`models/${LANDMARKER_MODEL}`, key.assetBaseUrl).href,
      delegate: 'CPU',
    },
    runningMode: 'VIDEO',
    numFaces: key.numFaces,
    outputFaceBlendshapes: true,
    outputFacialTransformationMatrixes: true,
  });
}

const memo = memoAsync((k: string) => createLandmarker(JSON.parse(k) as LandmarkerKey));

/** One landmarker per (origin, numFaces); concurrent callers share the load, failures retry. */
export function loadLandmarker(key: LandmarkerKey): Promise<FaceLandmarker> {
  return memo(JSON.stringify(key));
}
