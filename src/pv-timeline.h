/* pv-timeline.h
 *
 * Copyright 2026 The Pathview authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "pv-detection.h"
#include "pv-index-filter.h"
#include "pv-person.h"
#include "pv-result.h"

G_BEGIN_DECLS

#define PV_TYPE_TIMELINE (pv_timeline_get_type ())

G_DECLARE_FINAL_TYPE (PvTimeline, pv_timeline, PV, TIMELINE, GObject)

PvTimeline        *pv_timeline_new                (PvResult   *result);
PvResult          *pv_timeline_get_result         (PvTimeline *self);
GListModel        *pv_timeline_get_people         (PvTimeline *self);
PvPerson          *pv_timeline_get_person         (PvTimeline *self,
                                                   gint64      index);
PvIndexFilter     *pv_timeline_get_filter         (PvTimeline *self);
void               pv_timeline_set_time_offset    (PvTimeline *self,
                                                   gint64      first_pts_us);
gint64             pv_timeline_get_time_offset    (PvTimeline *self);
void               pv_timeline_set_interpolate    (PvTimeline *self,
                                                   gboolean    interpolate);
gboolean           pv_timeline_get_interpolate    (PvTimeline *self);
void               pv_timeline_set_confidence_threshold (PvTimeline *self,
                                                   double      percent);
double             pv_timeline_get_confidence_threshold (PvTimeline *self);
void               pv_timeline_set_tolerance_ms   (PvTimeline *self,
                                                   gint64      tolerance_ms);
gint64             pv_timeline_get_tolerance_ms   (PvTimeline *self);
void               pv_timeline_set_max_gap_ms     (PvTimeline *self,
                                                   gint64      max_gap_ms);
gint64             pv_timeline_get_max_gap_ms     (PvTimeline *self);
gint64             pv_timeline_get_sampling_interval_ms (PvTimeline *self);
gboolean           pv_timeline_get_time_range     (PvTimeline *self,
                                                   gint64     *first_ms,
                                                   gint64     *last_ms);
void               pv_timeline_visible_at         (PvTimeline *self,
                                                   gint64      media_time_us,
                                                   GArray     *out_visible);
const PvDetection *pv_timeline_get_track          (PvTimeline *self,
                                                   gint64      index,
                                                   guint      *n_detections);
const PvDetection *pv_timeline_get_detections     (PvTimeline *self,
                                                   guint      *n_detections);

G_END_DECLS
