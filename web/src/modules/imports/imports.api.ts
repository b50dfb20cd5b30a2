import { useEffect } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiRequest, apiText, apiUpload, buildUrl } from '../../api/http.client.ts';
import { notifyImportError } from './import-errors.ts';
import type { ImportJob, ImportRowError, ImportStatus, StartImportInput, UploadedImport, VcardImportResult } from './imports.types.ts';

const RECENT_KEY = ['imports', 'recent'] as const;
const oneKey = (id: string) => ['imports', 'one', id] as const;

const POLL_MS = 1000;
const RECENT_POLL_MS = 5000;
export const ERROR_PREVIEW_ROWS = 20;

export const isImportActive = (status: ImportStatus) => status === 'queued' || status === 'running';

/** A .gz file goes up as it is; the server unpacks it while reading. */
const contentTypeOf = (file: File) => (/\.gz$/i.test(file.name) ? 'application/gzip' : 'text/csv');

export function useRecentImports() {
  return useQuery({
    queryKey: RECENT_KEY,
    queryFn: () => apiRequest<{ data: ImportJob[] }>('/imports', { query: { limit: 20 } }).then((body) => body.data),
    refetchInterval: (query) => (query.state.data?.some((job) => isImportActive(job.status)) ? RECENT_POLL_MS : false),
  });
}

/** An import, asked for every second while it is queued or running. */
export function useImport(id: string) {
  const queryClient = useQueryClient();
  const query = useQuery({
    queryKey: oneKey(id),
    queryFn: () => apiRequest<ImportJob>(`/imports/${id}`),
    refetchInterval: (current) => (current.state.data && !isImportActive(current.state.data.status) ? false : POLL_MS),
  });
  const status = query.data?.status;
  const isFinished = status !== undefined && status !== 'uploaded' && !isImportActive(status);
  const isDryRun = query.data?.is_dry_run ?? true;
  useEffect(() => {
    if (!isFinished) return;
    void queryClient.invalidateQueries({ queryKey: RECENT_KEY });
    // The records the import wrote are in lists cached before it ran.
    if (!isDryRun) void queryClient.invalidateQueries({ queryKey: ['records'] });
  }, [isFinished, isDryRun, queryClient]);
  return query;
}

interface UploadInput {
  objectType: string;
  file: File;
  onProgress?: (share: number) => void;
}

const uploadImport = ({ objectType, file, onProgress }: UploadInput) =>
  apiUpload<UploadedImport>('/imports', { query: { object_type: objectType, file_name: file.name }, file, contentType: contentTypeOf(file), onProgress });

export function useUploadImport() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: uploadImport,
    meta: { isSilent: true },
    onError: notifyImportError,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: RECENT_KEY }),
  });
}

export function useStartImport() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, input }: { id: string; input: StartImportInput }) =>
      apiRequest<ImportJob>(`/imports/${id}/start`, { method: 'POST', body: input }),
    // The mapping step shows a refused mapping next to its columns.
    meta: { isSilent: true },
    onSuccess: (job) => {
      queryClient.setQueryData(oneKey(job.id), job);
      return queryClient.invalidateQueries({ queryKey: RECENT_KEY });
    },
  });
}

/** A started import never starts again: running a checked file for real uploads it once more. */
export function useImportAgain() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ objectType, file, input }: { objectType: string; file: File; input: StartImportInput }) => {
      const uploaded = await uploadImport({ objectType, file });
      return apiRequest<ImportJob>(`/imports/${uploaded.id}/start`, { method: 'POST', body: input });
    },
    meta: { isSilent: true },
    onError: notifyImportError,
    onSuccess: (job) => {
      queryClient.setQueryData(oneKey(job.id), job);
      return queryClient.invalidateQueries({ queryKey: RECENT_KEY });
    },
  });
}

export function useCancelImport(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => apiRequest<ImportJob>(`/imports/${id}/cancel`, { method: 'POST' }),
    meta: { isSilent: true },
    onError: (error) => {
      // Most often the import finished a moment before the click: show how it ended.
      notifyImportError(error);
      return queryClient.invalidateQueries({ queryKey: oneKey(id) });
    },
    onSuccess: (job) => queryClient.setQueryData(oneKey(id), job),
  });
}

/** A plain link: the browser downloads the report with the session cookie. */
export const importErrorsUrl = (id: string) => buildUrl(`/imports/${id}/errors`);

/** The first rows of the error report. */
export function useImportErrorPreview(id: string) {
  return useQuery({
    queryKey: [...oneKey(id), 'errors'],
    queryFn: async () => {
      const [text, { parse }] = await Promise.all([
        apiText(`/imports/${id}/errors`, { query: { limit: ERROR_PREVIEW_ROWS } }),
        // Loaded only when there are errors to show.
        import('csv-parse/browser/esm/sync'),
      ]);
      return parse(text, { columns: true, skip_empty_lines: true }) as ImportRowError[];
    },
    // A finished import's report never changes.
    staleTime: Infinity,
  });
}

/** Creates people from a vCard file at once, all or nothing; the form shows refused cards itself. */
export function useImportVcards() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ file, onProgress }: { file: File; onProgress?: (share: number) => void }) =>
      apiUpload<VcardImportResult>('/people/vcard', { file, contentType: 'text/vcard', onProgress }),
    meta: { isSilent: true },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['records', 'people'] }),
  });
}
