/* pv-timeline-view.h
 *
 * Copyright 2026 The Pathview authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "pv-player.h"
#include "pv-timeline.h"

G_BEGIN_DECLS

#define PV_TYPE_TIMELINE_VIEW (pv_timeline_view_get_type ())

G_DECLARE_FINAL_TYPE (PvTimelineView, pv_timeline_view, PV, TIMELINE_VIEW, GtkWidget)

GtkWidget *pv_timeline_view_new           (void);
void       pv_timeline_view_set_player    (PvTimelineView *self,
                                           PvPlayer       *player);
void       pv_timeline_view_set_timeline  (PvTimelineView *self,
                                           PvTimeline     *timeline);
gint64     pv_timeline_view_time_at       (PvTimelineView *self,
                                           double          x);
double     pv_timeline_view_x_at          (PvTimelineView *self,
                                           gint64          media_time_us);
void       pv_timeline_view_set_zoom      (PvTimelineView *self,
                                           double          zoom,
                                           gint64          center_us);

G_END_DECLS
