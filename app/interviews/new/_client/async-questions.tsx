'use client';
import { useState } from 'react';
import { ASYNC_LIMITS, type TAsyncQuestionInput } from '@/lib/schemas/async';

/** Default of a new question: short enough to record in one go, one retake. */
const DEFAULTS = { thinkSeconds: 30, maxAnswerSeconds: 120, retakesAllowed: 1 } as const;

const num = (f: FormData, name: string) => Number(f.get(name) ?? NaN);

/** The questions of a recorded interview, read back from the form (validated by the server). */
export function readQuestions(f: FormData): TAsyncQuestionInput[] {
  const keys = String(f.get('questionKeys') ?? '')
    .split(',')
    .filter(Boolean);
  return keys.map((k) => ({
    prompt: String(f.get(`q-${k}-prompt`) ?? ''),
    thinkSeconds: num(f, `q-${k}-think`),
    maxAnswerSeconds: num(f, `q-${k}-max`),
    retakesAllowed: num(f, `q-${k}-retakes`),
  }));
}

/**
 * Editor of an async interview's questions: text, think time, maximum answer length and retakes
 * (0–2) per question; add, remove. Plain form fields, so it works with the keyboard alone.
 */
export function AsyncQuestionsEditor() {
  const [keys, setKeys] = useState<number[]>([0]);
  const [next, setNext] = useState(1);
  const { thinkSeconds: think, maxAnswerSeconds: max, retakes } = ASYNC_LIMITS;
  return (
    <fieldset className="stack" data-testid="async-questions">
      <legend>Questions</legend>
      <p className="muted small">
        The candidate reads each question, gets the think time, then records an answer of at most
        the maximum length. A take interrupted by a reload or a lost connection does not count as a
        retake.
      </p>
      <input type="hidden" name="questionKeys" value={keys.join(',')} />
      {keys.map((k, i) => (
        <div key={k} className="card stack" data-testid="async-question">
          <label className="field">
            <span>Question {i + 1}</span>
            <textarea name={`q-${k}-prompt`} required minLength={3} maxLength={1000} rows={2} />
          </label>
          <div className="row">
            <label className="field">
              <span>Think time (seconds)</span>
              <input
                name={`q-${k}-think`}
                type="number"
                required
                min={think.min}
                max={think.max}
                defaultValue={DEFAULTS.thinkSeconds}
              />
            </label>
            <label className="field">
              <span>Maximum answer length (seconds)</span>
              <input
                name={`q-${k}-max`}
                type="number"
                required
                min={max.min}
                max={max.max}
                defaultValue={DEFAULTS.maxAnswerSeconds}
              />
            </label>
            <label className="field">
              <span>Retakes allowed</span>
              <select name={`q-${k}-retakes`} defaultValue={String(DEFAULTS.retakesAllowed)}>
                {Array.from(
                  { length: retakes.max - retakes.min + 1 },
                  (_, n) => n + retakes.min,
                ).map((n) => (
                  <option key={n} value={n}>
                    {n}
                  </option>
                ))}
              </select>
            </label>
          </div>
          {keys.length > 1 && (
            <button
              type="button"
              className="secondary"
              onClick={() => setKeys((ks) => ks.filter((x) => x !== k))}
            >
              Remove question {i + 1}
            </button>
          )}
        </div>
      ))}
      {keys.length < ASYNC_LIMITS.maxQuestions && (
        <button
          type="button"
          className="secondary"
          onClick={() => {
            setKeys((ks) => [...ks, next]);
            setNext((n) => n + 1);
          }}
        >
          Add a question
        </button>
      )}
    </fieldset>
  );
}
