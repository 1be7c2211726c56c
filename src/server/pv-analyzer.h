/* pv-analyzer.h
 *
 * Copyright 2026 The Pathview authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "pv-detector.h"
#include "pv-tracker.h"

G_BEGIN_DECLS

/* Local people pathing: decode a video with GStreamer, sample frames, find people (and faces) on
 * a pool of threads, track them, and build exactly the merged GetPersonTracking response. */

#define PV_ANALYZER_ERROR (pv_analyzer_error_quark ())

typedef enum
{
  PV_ANALYZER_ERROR_INVALID_OPTIONS,
  PV_ANALYZER_ERROR_UNREADABLE,       /* missing file, not a video, broken stream */
  PV_ANALYZER_ERROR_UNSUPPORTED,      /* no decoder for its codec, or no video stream */
  PV_ANALYZER_ERROR_FAILED,           /* anything else the pipeline reported */
  PV_ANALYZER_ERROR_CANCELLED,
} PvAnalyzerError;

typedef struct
{
  double            sample_rate;    /* frames analysed per second of video; default 5 */
  guint             n_threads;      /* detection threads; 0 = number of cores */
  gboolean          faces;          /* look for faces (and eyes) inside each person */
  PvDetectorOptions detector;
  PvTrackerOptions  tracker;
  const char       *detections_path; /* if set, raw detections are written there as MOT text */
} PvAnalyzerOptions;

/* Called from the calling thread, at most a few times a second. */
typedef void (*PvAnalyzerProgressFunc) (double   fraction,
                                        gpointer user_data);

GQuark      pv_analyzer_error_quark   (void);
void        pv_analyzer_options_init  (PvAnalyzerOptions       *options);
JsonObject *pv_analyzer_run           (GFile                   *video,
                                       const PvAnalyzerOptions *options,
                                       PvAnalyzerProgressFunc   progress,
                                       gpointer                 user_data,
                                       GCancellable            *cancellable,
                                       GError                 **error);
char       *pv_analyzer_to_json       (JsonObject              *response,
                                       gsize                   *length);

G_END_DECLS
