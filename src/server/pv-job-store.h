/* pv-job-store.h
 *
 * Copyright 2026 The Pathview authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define PV_JOB_STORE_ERROR (pv_job_store_error_quark ())

typedef enum {
  PV_JOB_STORE_ERROR_NOT_FOUND,  /* no DIR/<JobId>.json */
  PV_JOB_STORE_ERROR_INVALID,    /* the file is there but is not a merged result */
} PvJobStoreError;

GQuark pv_job_store_error_quark (void);

typedef enum {
  PV_JOB_SORT_TIMESTAMP,
  PV_JOB_SORT_INDEX,
  PV_JOB_N_SORTS
} PvJobSort;

/* One PersonDetection: where its JSON text is in the file, and the keys it is sorted by. */
typedef struct {
  gsize   offset;
  gsize   length;
  gint64  timestamp;
  gint64  index;
  double  confidence;   /* Face.Confidence, or -1 when there is no face */
} PvJobDetection;

typedef struct _PvJob PvJob;

struct _PvJob {
  /*< private >*/
  gatomicrefcount  ref_count;
  GBytes          *bytes;
  guint32         *orders[PV_JOB_N_SORTS];

  /*< public, read-only >*/
  char            *job_id;
  guint64          generation;     /* changes when the file changes: tokens are bound to it */
  const char      *data;           /* the file's bytes */
  char            *job_status;     /* from the file, SUCCEEDED when it has none */
  char            *status_message; /* or NULL */
  gsize            video_metadata_offset;
  gsize            video_metadata_length;  /* 0: the file has no VideoMetadata */
  gsize            video_offset;   /* Video, the request's {"S3Object": …}, as the file has it */
  gsize            video_length;   /* 0: the file has no Video */
  char            *job_tag;        /* JobTag, or NULL */
  PvJobDetection  *detections;     /* in file order */
  guint            n_detections;
};

typedef struct _PvJobStore PvJobStore;

PvJobStore   *pv_job_store_new      (const char  *dir);
void          pv_job_store_free     (PvJobStore  *self);
const char   *pv_job_store_get_dir  (PvJobStore  *self);
PvJob        *pv_job_store_lookup   (PvJobStore  *self,
                                     const char  *job_id,
                                     GError     **error);

PvJob        *pv_job_new_from_bytes (const char  *job_id,
                                     GBytes      *bytes,
                                     guint64      generation,
                                     GError     **error);
PvJob        *pv_job_ref            (PvJob       *job);
void          pv_job_unref          (PvJob       *job);
const guint32 *pv_job_get_order     (PvJob       *job,
                                     PvJobSort    sort);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PvJob, pv_job_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PvJobStore, pv_job_store_free)

G_END_DECLS
