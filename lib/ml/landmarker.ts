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

async function createLandmarker(key: LandmarkerKey): Promise<FaceLandmarker> {
  const wasmBase = new URL('vendor/mediapipe', key.assetBaseUrl).href;
  // useModule=true: inside a module worker importScripts() throws, so MediaPipe must load its
  // ES-module wasm loader with import() instead of the classic script.
  const fileset = await FilesetResolver.forVisionTasks(wasmBase, true);
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
