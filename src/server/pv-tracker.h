/* pv-tracker.h
 *
 * Copyright 2026 The Pathview authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "pv-detector.h"

G_BEGIN_DECLS

/* Turns per-sample detections into persons with stable Index values: greedy IoU association
 * against each track's constant-velocity prediction, a birth rule (min_hits consecutive hits
 * before a track gets an Index) and a death rule (max_misses consecutive misses). */

typedef struct
{
  double iou_threshold;   /* a detection joins a track only at or above this IoU */
  guint  min_hits;        /* consecutive hits before a track is born (gets an Index), >= 1 */
  guint  max_misses;      /* consecutive misses after which a track dies */
} PvTrackerOptions;

/* One box of a born track. Boxes from before the birth are reported when the track is born, so
 * a person's path starts where it really started. */
typedef struct
{
  guint         sample;   /* the sample number given to pv_tracker_update () */
  guint         detection; /* its position in the boxes given for that sample */
  gint64        index;    /* from 0, in order of birth */
  PvDetectorBox box;      /* the detection itself (pixels, its own confidence) */
} PvTrackedBox;

typedef struct _PvTracker PvTracker;

void       pv_tracker_options_init (PvTrackerOptions       *options);
PvTracker *pv_tracker_new          (const PvTrackerOptions *options);
void       pv_tracker_free         (PvTracker              *self);
void       pv_tracker_update       (PvTracker              *self,
                                    guint                   sample,
                                    const PvDetectorBox    *boxes,
                                    guint                   n_boxes,
                                    GArray                 *out);
guint      pv_tracker_get_n_born   (PvTracker              *self);
double     pv_detector_box_iou     (const PvDetectorBox    *a,
                                    const PvDetectorBox    *b);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PvTracker, pv_tracker_free)

G_END_DECLS
