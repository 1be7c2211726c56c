/* pv-window.h
 *
 * Copyright 2026 The Pathview authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "pv-application.h"
#include "pv-player.h"
#include "pv-timeline.h"

G_BEGIN_DECLS

/* What to open: a video plus where its detections come from (a JobId at an endpoint, or a file).
 * NULL members are left as they are in the window. */
typedef struct
{
  GFile      *video;
  GFile      *results;
  const char *job_id;
  const char *endpoint_url;
  const char *region;
  const char *profile;
} PvOpenRequest;

#define PV_TYPE_WINDOW (pv_window_get_type ())

G_DECLARE_FINAL_TYPE (PvWindow, pv_window, PV, WINDOW, AdwApplicationWindow)

PvWindow   *pv_window_new           (PvApplication       *application);
void        pv_window_open          (PvWindow            *self,
                                     const PvOpenRequest *request);
PvPlayer   *pv_window_get_player    (PvWindow            *self);
PvTimeline *pv_window_get_timeline  (PvWindow            *self);
GtkWidget  *pv_window_get_video_view (PvWindow           *self);

G_END_DECLS
