/* pv-timeline-view.c
 *
 * Copyright 2026 The Pathview authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pv-timeline-view"

#include "config.h"

#include <math.h>

#include "pv-palette.h"
#include "pv-person.h"
#include "pv-timeline-view.h"

#define DENSITY_HEIGHT 14.0
#define MAX_LANE_HEIGHT 10.0
#define MAX_ZOOM 512.0

struct _PvTimelineView
{
  GtkWidget      parent_instance;

  /* Owned */
  PvPlayer      *player;
  PvTimeline    *timeline;
  GskRenderNode *lanes;        /* cached: everything but the playhead */
  int            lanes_width;
  int            lanes_height;

  /* The visible window of the video, in media µs */
  double         zoom;         /* 1 = whole video */
  gint64         view_start;
  double         pointer_x;    /* -1 when the pointer is elsewhere */
};

G_DEFINE_FINAL_TYPE (PvTimelineView, pv_timeline_view, GTK_TYPE_WIDGET)

GtkWidget *
pv_timeline_view_new (void)
{
  return g_object_new (PV_TYPE_TIMELINE_VIEW, NULL);
}

/* The whole span the view shows at zoom 1: from media time 0 to the end of the video, or of the
 * data when it runs past the video (a result for a longer upload). */
static gint64
total_us (PvTimelineView *self)
{
  gint64 total = 0;

  if (self->player != NULL)
    total = pv_player_get_first_pts (self->player) + pv_player_get_duration (self->player);

  if (self->timeline != NULL)
    {
      const PvDetection *all;
      guint n = 0;
      gint64 offset = 0;

      all = pv_timeline_get_detections (self->timeline, &n);
      g_object_get (self->timeline, "time-offset", &offset, NULL);
      if (n > 0)
        total = MAX (total, offset + all[n - 1].timestamp_ms * 1000);
    }

  return MAX (total, 1);
}

static gint64
view_len (PvTimelineView *self)
{
  return MAX (1, (gint64) (total_us (self) / self->zoom));
}

static void
clamp_view (PvTimelineView *self)
{
  gint64 total = total_us (self);

  self->view_start = CLAMP (self->view_start, 0, MAX (0, total - view_len (self)));
}

gint64
pv_timeline_view_time_at (PvTimelineView *self,
                          double          x)
{
  int width;

  g_return_val_if_fail (PV_IS_TIMELINE_VIEW (self), 0);

  width = gtk_widget_get_width (GTK_WIDGET (self));
  if (width <= 0)
    return 0;
  x = CLAMP (x, 0, width);
  return self->view_start + (gint64) llround (x / width * view_len (self));
}

double
pv_timeline_view_x_at (PvTimelineView *self,
                       gint64          media_time_us)
{
  g_return_val_if_fail (PV_IS_TIMELINE_VIEW (self), 0);

  return (double) (media_time_us - self->view_start) / view_len (self) *
         gtk_widget_get_width (GTK_WIDGET (self));
}

static void
invalidate_lanes (PvTimelineView *self)
{
  g_clear_pointer (&self->lanes, gsk_render_node_unref);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
pv_timeline_view_set_zoom (PvTimelineView *self,
                           double          zoom,
                           gint64          center_us)
{
  double frac;
  gint64 old_len;

  g_return_if_fail (PV_IS_TIMELINE_VIEW (self));

  zoom = CLAMP (zoom, 1.0, MAX_ZOOM);
  old_len = view_len (self);
  frac = (double) (center_us - self->view_start) / old_len;
  self->zoom = zoom;
  /* The time under the pointer stays under the pointer. */
  self->view_start = center_us - (gint64) (frac * view_len (self));
  clamp_view (self);
  invalidate_lanes (self);
}

static void
draw_lanes (PvTimelineView *self,
            cairo_t        *cr,
            int             width,
            int             height)
{
  GListModel *people = pv_timeline_get_people (self->timeline);
  guint n_people = g_list_model_get_n_items (people);
  g_autofree guint *density = NULL;
  g_autoptr(GPtrArray) visible = g_ptr_array_new_with_free_func (g_object_unref);
  const PvDetection *all;
  guint n_all = 0, max_density = 0;
  gint64 offset = 0, tolerance_ms = 0;
  gint64 len = view_len (self);
  double lane_h, lanes_top = DENSITY_HEIGHT + 2;

  g_object_get (self->timeline, "time-offset", &offset, "tolerance-ms", &tolerance_ms, NULL);

  for (guint i = 0; i < n_people; i++)
    {
      PvPerson *person = g_list_model_get_item (people, i);
      gboolean shown = TRUE;

      g_object_get (person, "visible", &shown, NULL);
      if (shown)
        g_ptr_array_add (visible, person);
      else
        g_object_unref (person);
    }

  /* Density of visible detections per pixel column: where the crowd is, at a glance. */
  density = g_new0 (guint, width);
  all = pv_timeline_get_detections (self->timeline, &n_all);
  for (guint i = 0; i < n_all; i++)
    {
      double px = (double) (offset + all[i].timestamp_ms * 1000 - self->view_start) / len * width;
      int col = (int) floor (px);

      if (col < 0 || col >= width)
        continue;
      if (!pv_index_filter_contains (pv_timeline_get_filter (self->timeline), all[i].index))
        continue;
      density[col]++;
      max_density = MAX (max_density, density[col]);
    }
  if (max_density > 0)
    {
      for (int col = 0; col < width; col++)
        if (density[col] > 0)
          {
            double h = DENSITY_HEIGHT * (0.2 + 0.8 * density[col] / (double) max_density);

            cairo_rectangle (cr, col, DENSITY_HEIGHT - h, 1, h);
          }
      cairo_set_source_rgba (cr, 0.55, 0.55, 0.6, 1);
      cairo_fill (cr);
    }

  if (visible->len == 0)
    return;

  lane_h = MIN (MAX_LANE_HEIGHT, (height - lanes_top) / visible->len);
  for (guint l = 0; l < visible->len; l++)
    {
      gint64 index = 0;
      const PvDetection *track;
      guint n = 0;
      double r, g, b;
      double y = lanes_top + l * lane_h;
      double span_start = NAN, span_end = NAN;
      /* Samples further apart than two tolerances are two sightings, not one. */
      gint64 max_gap_us = MAX (2 * tolerance_ms, 1) * 1000;
      gint64 pad_us = MAX (tolerance_ms, 1) * 1000;

      g_object_get (g_ptr_array_index (visible, l), "index", &index, NULL);
      track = pv_timeline_get_track (self->timeline, index, &n);
      pv_palette_color (index, &r, &g, &b);

      for (guint i = 0; i <= n; i++)
        {
          gint64 t = i < n ? offset + track[i].timestamp_ms * 1000 : G_MAXINT64;

          if (i < n && !isnan (span_end) && t - span_end <= max_gap_us)
            {
              span_end = t;
              continue;
            }
          if (!isnan (span_start))
            {
              double x0 = (span_start - pad_us - self->view_start) / len * width;
              double x1 = (span_end + pad_us - self->view_start) / len * width;

              if (x1 >= 0 && x0 <= width)
                cairo_rectangle (cr, x0, y, MAX (1.0, x1 - x0), MAX (1.0, lane_h - (lane_h > 3 ? 1 : 0)));
            }
          span_start = span_end = t;
        }
      cairo_set_source_rgb (cr, r, g, b);
      cairo_fill (cr);
    }
}

static void
pv_timeline_view_snapshot (GtkWidget   *widget,
                           GtkSnapshot *snapshot)
{
  PvTimelineView *self = PV_TIMELINE_VIEW (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  double px;

  if (width <= 0 || height <= 0)
    return;

  if (self->lanes != NULL && (self->lanes_width != width || self->lanes_height != height))
    g_clear_pointer (&self->lanes, gsk_render_node_unref);

  /* The lanes change only with the data, the filter, the size or the zoom: the playhead moves
   * every frame, so it is drawn over a cached node. */
  if (self->lanes == NULL && self->timeline != NULL)
    {
      GtkSnapshot *lanes_snapshot = gtk_snapshot_new ();
      cairo_t *cr = gtk_snapshot_append_cairo (lanes_snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));

      draw_lanes (self, cr, width, height);
      cairo_destroy (cr);
      self->lanes = gtk_snapshot_free_to_node (lanes_snapshot);
      self->lanes_width = width;
      self->lanes_height = height;
    }

  gtk_snapshot_append_color (snapshot, &(GdkRGBA) { 0.12, 0.12, 0.14, 1 },
                             &GRAPHENE_RECT_INIT (0, 0, width, height));
  if (self->lanes != NULL)
    gtk_snapshot_append_node (snapshot, self->lanes);

  if (self->player != NULL && pv_player_get_loaded (self->player))
    {
      px = floor (pv_timeline_view_x_at (self, pv_player_get_frame_pts (self->player)));
      if (px >= -2 && px <= width + 2)
        gtk_snapshot_append_color (snapshot, &(GdkRGBA) { 0.95, 0.2, 0.2, 1 },
                                   &GRAPHENE_RECT_INIT (px - 1, 0, 2, height));
    }
}

static void
pv_timeline_view_measure (GtkWidget      *widget,
                          GtkOrientation  orientation,
                          int             for_size,
                          int            *minimum,
                          int            *natural,
                          int            *minimum_baseline,
                          int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 100;
      *natural = 600;
    }
  else
    {
      *minimum = 48;
      *natural = 120;
    }
}

static void
seek_to_x (PvTimelineView *self,
           double          x)
{
  if (self->player == NULL || !pv_player_get_loaded (self->player))
    return;
  pv_player_seek (self->player, pv_timeline_view_time_at (self, x));
}

static void
on_drag_begin (GtkGestureDrag *gesture,
               double          x,
               double          y,
               PvTimelineView *self)
{
  seek_to_x (self, x);
}

static void
on_drag_update (GtkGestureDrag *gesture,
                double          dx,
                double          dy,
                PvTimelineView *self)
{
  double x, y;

  gtk_gesture_drag_get_start_point (gesture, &x, &y);
  seek_to_x (self, x + dx);
}

static gboolean
on_scroll (GtkEventControllerScroll *controller,
           double                    dx,
           double                    dy,
           PvTimelineView           *self)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (controller));
  /* Scroll events carry no position: zoom about where the pointer last moved. */
  double x = self->pointer_x >= 0 ? self->pointer_x : gtk_widget_get_width (GTK_WIDGET (self)) / 2.0;

  if (state & GDK_CONTROL_MASK)
    {
      pv_timeline_view_set_zoom (self, self->zoom * pow (1.25, -dy), pv_timeline_view_time_at (self, x));
      return TRUE;
    }
  if (self->zoom > 1.0 && (dx != 0 || dy != 0))
    {
      self->view_start += (gint64) ((dx != 0 ? dx : dy) * view_len (self) / 10);
      clamp_view (self);
      invalidate_lanes (self);
      return TRUE;
    }
  return FALSE;
}

static void
on_motion (GtkEventControllerMotion *controller,
           double                    x,
           double                    y,
           PvTimelineView           *self)
{
  self->pointer_x = x;
}

static void
on_leave (GtkEventControllerMotion *controller,
          PvTimelineView           *self)
{
  self->pointer_x = -1;
}

static void
on_frame (PvTimelineView *self)
{
  gint64 t;

  /* Keep the playhead in view while playing zoomed in. */
  if (self->zoom > 1.0 && self->player != NULL)
    {
      t = pv_player_get_frame_pts (self->player);
      if (t < self->view_start || t > self->view_start + view_len (self))
        {
          self->view_start = t - view_len (self) / 10;
          clamp_view (self);
          invalidate_lanes (self);
        }
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
pv_timeline_view_set_player (PvTimelineView *self,
                             PvPlayer       *player)
{
  g_return_if_fail (PV_IS_TIMELINE_VIEW (self));

  if (self->player == player)
    return;
  if (self->player != NULL)
    g_signal_handlers_disconnect_by_data (self->player, self);
  g_set_object (&self->player, player);
  if (player != NULL)
    {
      g_signal_connect_swapped (player, "notify::frame-pts", G_CALLBACK (on_frame), self);
      g_signal_connect_swapped (player, "notify::duration", G_CALLBACK (invalidate_lanes), self);
      g_signal_connect_swapped (player, "notify::loaded", G_CALLBACK (invalidate_lanes), self);
    }
  invalidate_lanes (self);
}

void
pv_timeline_view_set_timeline (PvTimelineView *self,
                               PvTimeline     *timeline)
{
  g_return_if_fail (PV_IS_TIMELINE_VIEW (self));

  if (self->timeline == timeline)
    return;
  if (self->timeline != NULL)
    g_signal_handlers_disconnect_by_data (self->timeline, self);
  g_set_object (&self->timeline, timeline);
  if (timeline != NULL)
    g_signal_connect_swapped (timeline, "changed", G_CALLBACK (invalidate_lanes), self);
  invalidate_lanes (self);
}

static void
pv_timeline_view_dispose (GObject *object)
{
  PvTimelineView *self = PV_TIMELINE_VIEW (object);

  pv_timeline_view_set_player (self, NULL);
  pv_timeline_view_set_timeline (self, NULL);
  g_clear_pointer (&self->lanes, gsk_render_node_unref);

  G_OBJECT_CLASS (pv_timeline_view_parent_class)->dispose (object);
}

static void
pv_timeline_view_class_init (PvTimelineViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pv_timeline_view_dispose;
  widget_class->snapshot = pv_timeline_view_snapshot;
  widget_class->measure = pv_timeline_view_measure;

  gtk_widget_class_set_css_name (widget_class, "pv-timeline-view");
}

static void
pv_timeline_view_init (PvTimelineView *self)
{
  GtkGesture *drag;
  GtkEventController *scroll;
  GtkEventController *motion;

  self->zoom = 1.0;
  self->pointer_x = -1;

  drag = gtk_gesture_drag_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (drag), GDK_BUTTON_PRIMARY);
  g_signal_connect (drag, "drag-begin", G_CALLBACK (on_drag_begin), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (on_drag_update), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));

  scroll = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_BOTH_AXES |
                                            GTK_EVENT_CONTROLLER_SCROLL_DISCRETE);
  g_signal_connect (scroll, "scroll", G_CALLBACK (on_scroll), self);
  gtk_widget_add_controller (GTK_WIDGET (self), scroll);

  motion = gtk_event_controller_motion_new ();
  g_signal_connect (motion, "motion", G_CALLBACK (on_motion), self);
  g_signal_connect (motion, "enter", G_CALLBACK (on_motion), self);
  g_signal_connect (motion, "leave", G_CALLBACK (on_leave), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);

  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), NULL);
}
