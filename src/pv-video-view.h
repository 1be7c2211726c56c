/* pv-video-view.h
 *
 * Copyright 2026 The Pathview authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "pv-overlay.h"
#include "pv-player.h"
#include "pv-timeline.h"

G_BEGIN_DECLS

#define PV_TYPE_VIDEO_VIEW (pv_video_view_get_type ())

G_DECLARE_FINAL_TYPE (PvVideoView, pv_video_view, PV, VIDEO_VIEW, GtkWidget)

GtkWidget  *pv_video_view_new               (void);
void        pv_video_view_set_player        (PvVideoView *self,
                                             PvPlayer    *player);
void        pv_video_view_set_timeline      (PvVideoView *self,
                                             PvTimeline  *timeline);
gboolean    pv_video_view_get_picture_rect  (PvVideoView *self,
                                             graphene_rect_t *rect);
gint64      pv_video_view_get_selected_index (PvVideoView *self);
void        pv_video_view_set_selected_index (PvVideoView *self,
                                              gint64       index);
const PvOverlayStyle *pv_video_view_get_style (PvVideoView *self);

G_END_DECLS
