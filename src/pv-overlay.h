/* pv-overlay.h
 *
 * Copyright 2026 The Pathview authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>
#include <glib.h>

#include "pv-detection.h"

G_BEGIN_DECLS

typedef struct _PvTimeline PvTimeline;

typedef struct
{
  gboolean show_boxes;
  gboolean show_labels;
  gboolean show_faces;
  gboolean show_landmarks;
  double   trail_seconds;     /* 0 = no trails */
  gint64   selected_index;    /* -1 = none */
} PvOverlayStyle;

/* Returns the person's detections sorted by time (borrowed), as pv_timeline_get_track () does. */
typedef const PvDetection *(*PvOverlayTrackFunc) (gint64    index,
                                                  guint    *n_detections,
                                                  gpointer  user_data);

void    pv_overlay_style_init     (PvOverlayStyle          *style);
void    pv_overlay_fit            (double                   area_width,
                                   double                   area_height,
                                   double                   picture_width,
                                   double                   picture_height,
                                   double                  *x,
                                   double                  *y,
                                   double                  *width,
                                   double                  *height);
double  pv_overlay_line_width     (double                   width,
                                   double                   height);
void    pv_overlay_draw_people    (cairo_t                 *cr,
                                   double                   x,
                                   double                   y,
                                   double                   width,
                                   double                   height,
                                   const PvVisiblePerson   *people,
                                   guint                    n_people,
                                   double                   now_ms,
                                   PvOverlayTrackFunc       get_track,
                                   gpointer                 track_data,
                                   const PvOverlayStyle    *style);
void    pv_overlay_draw           (cairo_t                 *cr,
                                   double                   x,
                                   double                   y,
                                   double                   width,
                                   double                   height,
                                   PvTimeline              *timeline,
                                   gint64                   media_time_us,
                                   const PvOverlayStyle    *style);
gint64  pv_overlay_hit_test       (const PvVisiblePerson   *people,
                                   guint                    n_people,
                                   double                   x,
                                   double                   y,
                                   double                   width,
                                   double                   height,
                                   double                   px,
                                   double                   py);

G_END_DECLS
