'use client';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import type { z } from 'zod';
import { ApiError, postJson } from './api';

/** POST + refresh the server-rendered page, with busy and error state for a form. */
export function useAction<S extends z.ZodType>(schema: S) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function run(url: string, body: unknown): Promise<z.infer<S> | null> {
    setBusy(true);
    setError(null);
    try {
      const out = await postJson(url, body, schema);
      router.refresh();
      return out;
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'Request failed');
      return null;
    } finally {
      setBusy(false);
    }
  }
  return { busy, error, run };
}
