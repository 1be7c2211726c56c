/* pv-job-queue.h
 *
 * Copyright 2026 The Pathview authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* The StartPersonTracking side of pathview-server: S3 buckets mapped to folders, idempotent job
 * creation, a bounded pool of analysis workers, and job state that survives a restart. In the
 * jobs folder each job has <JobId>.state (JSON: status, request, notes) and, once it succeeded,
 * <JobId>.json (the merged GetPersonTracking result). */

#define PV_TYPE_JOB_QUEUE (pv_job_queue_get_type ())
G_DECLARE_FINAL_TYPE (PvJobQueue, pv_job_queue, PV, JOB_QUEUE, GObject)

#define PV_JOB_QUEUE_ERROR (pv_job_queue_error_quark ())

/* Each maps to one AWS error type: see pv_job_queue_error_type (). */
typedef enum
{
  PV_JOB_QUEUE_ERROR_INVALID_PARAMETER,
  PV_JOB_QUEUE_ERROR_INVALID_S3_OBJECT,
  PV_JOB_QUEUE_ERROR_IDEMPOTENT_MISMATCH,
  PV_JOB_QUEUE_ERROR_INTERNAL,
} PvJobQueueError;

GQuark      pv_job_queue_error_quark (void);
const char *pv_job_queue_error_type  (const GError *error);

PvJobQueue *pv_job_queue_new         (const char   *jobs_dir,
                                      guint         n_workers,
                                      GError      **error);
gboolean    pv_job_queue_add_bucket  (PvJobQueue   *self,
                                      const char   *spec,
                                      GError      **error);
void        pv_job_queue_resume      (PvJobQueue   *self);
char       *pv_job_queue_start       (PvJobQueue   *self,
                                      JsonObject   *request,
                                      GError      **error);
void        pv_job_queue_shutdown    (PvJobQueue   *self);

G_END_DECLS
